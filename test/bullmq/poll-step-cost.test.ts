import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createFleetWorker,
  enqueueWatch,
  type FleetJobData,
  type FleetJobResult,
} from '../../src/bullmq/index.js';
import { startSoraSimulator } from '../../src/testing/index.js';
import { commandCalls, startRedis, type TestRedis } from '../helpers/redis-server.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

it('parks a job with its data in one script, not updateData and then moveToDelayed', async () => {
  const sim = await startSoraSimulator({ dialect: 'openai', clock: 'manual' });
  const connection = { host: redis.host, port: redis.port };
  const queue = new Queue<FleetJobData, FleetJobResult>('cost', { connection });
  const client = new Redis(redis.port, redis.host);
  const fleet = createFleetWorker('cost', {
    connection,
    limiter: { max: 1_000, duration: 1_000 },
    client: { baseUrl: sim.baseUrl, apiKey: sim.apiKey, dialect: 'openai' },
  });
  // Waits with ZCARD alone: the reads of `getDelayed` would run a script of their own.
  const allDelayed = async () => {
    while ((await queue.getDelayedCount()) !== 20) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  try {
    const ids = Array.from(
      { length: 20 },
      () => sim.createTask({ status: 'processing', progress: 10 }).id,
    );
    for (const id of ids) await enqueueWatch(queue, id, { videoSeconds: 10 });
    await allDelayed();
    const before = commandCalls(await client.info('commandstats'));
    await queue.promoteJobs();
    await allDelayed();
    const after = commandCalls(await client.info('commandstats'));
    const jobs = await queue.getDelayed();
    const per = (name: string) => ((after.get(name) ?? 0) - (before.get(name) ?? 0)) / 20;
    // The move to delayed checks that the job exists, and so did `updateData`'s script, which
    // also wrote the data with an HSET of its own: one of each a step now, not two.
    expect(per('exists')).toBe(1);
    expect(per('hset')).toBe(1);
    // The data was saved all the same: each job holds the answers of both polls.
    expect(jobs.map((job) => job.data.answers?.length)).toEqual(Array(20).fill(2));
  } finally {
    await fleet.close();
    await queue.obliterate({ force: true });
    await queue.close();
    client.disconnect();
    await sim.close();
  }
});
