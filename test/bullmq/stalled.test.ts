import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createFleetWorker,
  enqueueVideo,
  type FleetJobData,
  type FleetJobResult,
  fleetStatus$,
} from '../../src/bullmq/index.js';
import { startSoraSimulator } from '../../src/testing/index.js';
import { startWorkerProcess } from '../../tools/fleet/processes.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { openRequestLog } from './request-log.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

it('finishes on another worker the jobs of a worker killed with SIGKILL mid-request', async () => {
  const connection = { host: redis.host, port: redis.port };
  const sim = await startSoraSimulator({ timeScale: 600 });
  const log = openRequestLog();
  const dir = await mkdtemp(join(tmpdir(), 'sora-fleet-kill-'));
  const queue = new Queue<FleetJobData, FleetJobResult>('killed', { connection });
  const queueEvents = new QueueEvents('killed', { connection });
  const lock = { lockDuration: 1_000, stalledInterval: 500 };
  const doomed = await startWorkerProcess({
    redisPort: redis.port,
    queueName: 'killed',
    baseUrl: sim.baseUrl,
    apiKey: sim.apiKey,
    dir,
    limiter: { max: 1, duration: 10 },
    concurrency: 16,
    ...lock,
  });
  const survivor = createFleetWorker('killed', {
    connection,
    limiter: { max: 1, duration: 10 },
    client: { baseUrl: sim.baseUrl, apiKey: sim.apiKey, poll: { minHintMs: 10 } },
    save: { dir },
    // Paused until the kill, so that the doomed worker takes every job.
    worker: { ...lock, autorun: false },
  });
  try {
    await queueEvents.waitUntilReady();
    // Every answer held for 5 s: the doomed worker dies with all its creates at the server.
    sim.setFaults({ slowRate: 1, slowDelayMs: 5_000 });
    const jobs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => enqueueVideo(queue, { prompt: `k${i}`, seconds: 10 })),
    );
    await expect.poll(() => log.requests.length, { timeout: 5_000, interval: 20 }).toBe(8);
    await doomed.kill();
    sim.setFaults({ slowRate: 0 });
    void survivor.worker.run();

    const tasks = await Promise.all(
      jobs.map((job) => lastValueFrom(fleetStatus$(queueEvents, String(job.id), { queue }))),
    );

    expect(tasks.map((task) => task.status)).toEqual(jobs.map(() => 'completed'));
    // Each create was sent again with its own key, once: the key is what a provider needs to
    // make one video of the two.
    const creates = log.createsByKey();
    expect([...creates.keys()].sort()).toEqual(jobs.map((job) => String(job.id)).sort());
    expect([...creates.values()]).toEqual(jobs.map(() => 2));
    // One file per job, of the task its job kept, whatever the orphans.
    const names = (await readdir(dir)).filter((name) => name.endsWith('.mp4'));
    expect(names.sort()).toEqual(tasks.map((task) => `${task.id}.mp4`).sort());
  } finally {
    await survivor.close();
    await queueEvents.close();
    await queue.obliterate({ force: true });
    await queue.close();
    log.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 20_000);
