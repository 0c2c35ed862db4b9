// The fleet's list sweeps in Redis commands: a poll step whose task's status did not change, a
// sweep of one page that wakes nobody, and one that wakes the jobs of 10 tasks that completed.
// Counted with `INFO commandstats` (the inner calls of BullMQ's Lua scripts included).
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  createFleetProcessor,
  createFleetWorker,
  enqueueWatch,
  type FleetJobData,
  type FleetJobResult,
  type FleetSweepResult,
  SWEEP_JOB,
} from '../../src/bullmq/index.js';
import { startSoraSimulator } from '../../src/testing/index.js';
import { commandCalls, countCommands, startRedis } from '../../test/helpers/redis-server.js';

/** What each command added between two readings, per `per`, most first, as `name n.n` pairs. */
function breakdown(before: Map<string, number>, after: Map<string, number>, per: number): string {
  return [...after]
    .map(([name, calls]) => [name, (calls - (before.get(name) ?? 0)) / per] as const)
    .filter(([, calls]) => calls >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, calls]) => `${name} ${calls.toFixed(1)}`)
    .join(', ');
}

const TASKS = 1_000;
const SWEEPS = 10;

/** Runs the measure and prints it. */
export async function runFleetSweepCommands(): Promise<void> {
  const redis = await startRedis();
  // A clock that stands still: tasks change only when the bench says so.
  const sim = await startSoraSimulator({ dialect: 'openai', clock: 'manual' });
  const connection = { host: redis.host, port: redis.port };
  const queue = new Queue<FleetJobData, FleetJobResult>('sweeps', { connection });
  const client = new Redis(redis.port, redis.host, { maxRetriesPerRequest: null });
  const count = async () => countCommands(await client.info('commandstats'));
  const options = { baseUrl: sim.baseUrl, apiKey: sim.apiKey, dialect: 'openai' as const };
  const worker = createFleetWorker('sweeps', {
    connection,
    limiter: { max: 10_000, duration: 1_000 },
    client: options,
    worker: { concurrency: 32 },
  });
  const allDelayed = async () => {
    while ((await queue.getJobCounts('delayed')).delayed !== TASKS) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  try {
    const ids = Array.from(
      { length: TASKS },
      () => sim.createTask({ status: 'processing', progress: 10 }).id,
    );
    for (const id of ids) await enqueueWatch(queue, id, { videoSeconds: 8 });
    await allDelayed();
    // Every task polled again, its status the same: the promote and the count checks included.
    const beforeInfo = await client.info('commandstats');
    await queue.promoteJobs();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await allDelayed();
    const afterInfo = await client.info('commandstats');
    const pollStep = countCommands(afterInfo) - countCommands(beforeInfo);
    await worker.close();
    const processor = createFleetProcessor({ client: options, rateLimit: async () => undefined });
    const sweep = async () =>
      (await processor(await queue.add(SWEEP_JOB, {}))) as unknown as FleetSweepResult;
    const beforeSweeps = await count();
    for (let i = 0; i < SWEEPS; i++) await sweep();
    const quiet = ((await count()) - beforeSweeps) / SWEEPS;
    for (const id of ids.slice(-10)) sim.setTask(id, { status: 'completed' });
    await client.del(queue.toKey('sora-rx:sweep'));
    const beforeWake = await count();
    const { woken } = await sweep();
    const waking = (await count()) - beforeWake;
    console.log(
      `${TASKS} tasks: ${(pollStep / TASKS).toFixed(1)} Redis commands per poll step whose status did not change (its promote included): ${breakdown(commandCalls(beforeInfo), commandCalls(afterInfo), TASKS)}`,
    );
    console.log(
      `a sweep of 100 tasks: ${quiet.toFixed(1)} when nothing changed, ${waking} when it woke ${woken.length} jobs (adding the sweep job included)`,
    );
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    client.disconnect();
    await sim.close();
    await redis.stop();
  }
}
