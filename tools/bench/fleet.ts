// The fleet on BullMQ (`sora-rx/bullmq`): completed tasks per minute with 1, 2 and 3 worker
// processes at one provider limit; Redis commands per request; a worker's heap with 10,000 tasks
// waiting between polls. Each run starts its own Redis, simulator and workers.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { enqueueWatch, type FleetJobData, type FleetJobResult } from '../../src/bullmq/index.js';
import { startSoraSimulator } from '../../src/testing/index.js';
import { mostInWindow } from '../../test/helpers/most-in-window.js';
import { countCommands, startRedis } from '../../test/helpers/redis-server.js';
import { limitOf } from '../fleet/check-fleet.js';
import { startWorkerProcess } from '../fleet/processes.js';
import { runFleet } from '../fleet/run-fleet.js';
import { runFleetListSweeps } from './fleet-list-sweeps.js';
import { runFleetSweepCommands } from './fleet-sweeps.js';

const LIMITER = { max: 1, duration: 20 };
const TASKS = 300;
const WAITING = 10_000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function throughput(): Promise<void> {
  console.log(
    `${TASKS} videos per run, fleet limit ${limitOf(LIMITER).perSecond} requests/s (${LIMITER.max} per ${LIMITER.duration} ms), simulator 600× faster than real time`,
  );
  console.log('workers | tasks/min | requests/task | most in 1 s | Redis commands/request');
  for (const workers of [1, 2, 3]) {
    const report = await runFleet({
      tasks: TASKS,
      workers,
      limiter: LIMITER,
      timeScale: 600,
      seed: 7,
      concurrency: 16,
      lockDuration: 30_000,
      stalledInterval: 30_000,
      timeoutMs: 10 * 60_000,
    });
    const completed = report.jobs.filter((job) => job.state === 'completed').length;
    const requests = report.sim.requestTimes.length;
    console.log(
      `${workers} | ${((completed / report.elapsedMs) * 60_000).toFixed(0)} | ${(requests / completed).toFixed(2)} | ${mostInWindow(report.sim.requestTimes, 1000)} | ${(report.redisCommands / requests).toFixed(1)}`,
    );
  }
}

async function waitingHeap(): Promise<void> {
  const redis = await startRedis();
  const sim = await startSoraSimulator({});
  const connection = { host: redis.host, port: redis.port };
  const queue = new Queue<FleetJobData, FleetJobResult>('waiting', { connection });
  const client = new Redis(redis.port, redis.host, { maxRetriesPerRequest: null });
  const memory = async () => Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1]);
  const worker = await startWorkerProcess({
    redisPort: redis.port,
    queueName: 'waiting',
    baseUrl: sim.baseUrl,
    apiKey: sim.apiKey,
    dir: '/nonexistent',
    limiter: { max: 1_000, duration: 1_000 },
    concurrency: 32,
    lockDuration: 30_000,
    stalledInterval: 30_000,
    // Every task polled once, then parked for 10 minutes: all of them wait at once.
    intervalMs: 600_000,
  });
  try {
    const before = await worker.heap();
    const redisBefore = await memory();
    const ids: string[] = [];
    for (let i = 0; i < WAITING; i++) {
      ids.push(sim.createTask({ queuedMs: 0, processingMs: 10 * 3_600_000 }).id);
    }
    for (let i = 0; i < ids.length; i += 1_000) {
      await Promise.all(ids.slice(i, i + 1_000).map((id) => enqueueWatch(queue, id)));
    }
    const commandsBefore = countCommands(await client.info('commandstats'));
    const started = Date.now();
    for (;;) {
      const counts = await queue.getJobCounts('delayed', 'wait', 'active', 'prioritized');
      if (counts.delayed === WAITING) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const commands = countCommands(await client.info('commandstats')) - commandsBefore;
    const after = await worker.heap();
    const redisAfter = await memory();
    console.log(
      `\n${WAITING} tasks each polled once and parked as delayed jobs in ${((Date.now() - started) / 1000).toFixed(1)} s (${after.activations} activations)`,
    );
    console.log(
      `worker heap: ${mb(before.heapUsed)} idle, ${mb(after.heapUsed)} with ${WAITING} tasks waiting (${((after.heapUsed - before.heapUsed) / WAITING).toFixed(0)} bytes per task)`,
    );
    console.log(
      `Redis memory: +${mb(redisAfter - redisBefore)} (${((redisAfter - redisBefore) / WAITING).toFixed(0)} bytes per waiting task); ${(commands / WAITING).toFixed(1)} Redis commands per poll step (scripts' inner calls included)`,
    );
  } finally {
    await worker.stop();
    await queue.close();
    client.disconnect();
    await sim.close();
    await redis.stop();
  }
}

/** Runs the fleet benchmark. */
export async function runFleetBench(): Promise<void> {
  await throughput();
  await waitingHeap();
  await runFleetSweepCommands();
  await runFleetListSweeps();
}
