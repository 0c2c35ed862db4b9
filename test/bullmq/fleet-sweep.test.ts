import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { defer, lastValueFrom, of } from 'rxjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createFleetProcessor,
  createFleetWorker,
  enqueueWatch,
  type FleetJobData,
  type FleetJobResult,
  type FleetSweepResult,
  type FleetWorker,
  fleetStatus$,
  SWEEP_JOB,
  scheduleFleetSweeps,
  stopFleetSweeps,
} from '../../src/bullmq/index.js';
import type { HttpTransport } from '../../src/index.js';
import { undiciTransport } from '../../src/node.js';
import { type SoraSimulator, startSoraSimulator } from '../../src/testing/index.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { openRequestLog, type RequestLog } from './request-log.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** Waits until `check` holds, reading Redis every 20 ms, for at most 10 s. */
async function until(check: () => Promise<boolean>): Promise<void> {
  const endAt = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > endAt) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('list sweeps of a fleet', () => {
  let sim: SoraSimulator;
  let log: RequestLog;
  let dir: string;
  let queue: Queue<FleetJobData, FleetJobResult>;
  let queueEvents: QueueEvents;
  const workers: FleetWorker[] = [];
  let queueName: string;
  let names = 0;

  beforeEach(async () => {
    queueName = `sweep-${process.pid}-${names++}`;
    const connection = { host: redis.host, port: redis.port };
    // The OpenAI dialect, which lists videos; a clock that stands still: tasks change only when
    // the test says so.
    sim = await startSoraSimulator({ dialect: 'openai', clock: 'manual' });
    log = openRequestLog();
    dir = await mkdtemp(join(tmpdir(), 'sora-sweep-'));
    queue = new Queue(queueName, { connection });
    queueEvents = new QueueEvents(queueName, { connection });
    await queueEvents.waitUntilReady();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close()));
    await stopFleetSweeps(queue);
    await queueEvents.close();
    await queue.obliterate({ force: true });
    await queue.close();
    log.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  const client = (transport?: HttpTransport) => ({
    baseUrl: sim.baseUrl,
    apiKey: sim.apiKey,
    dialect: 'openai' as const,
    ...(transport === undefined ? {} : { transport }),
  });

  const startWorker = () => {
    const worker = createFleetWorker(queueName, {
      connection: { host: redis.host, port: redis.port },
      limiter: { max: 1, duration: 10 },
      client: client(),
      save: { dir },
    });
    workers.push(worker);
    return worker;
  };

  /** Runs one sweep job in this process, as a worker would, and returns what it did. */
  const sweepOnce = async (transport?: HttpTransport, data: object = {}) => {
    const processor = createFleetProcessor({
      client: client(transport),
      rateLimit: async () => undefined,
    });
    const job = await queue.add(SWEEP_JOB, data as FleetJobData);
    try {
      return (await processor(job)) as unknown as FleetSweepResult;
    } finally {
      // Run here: no worker is to run it again.
      await job.remove();
    }
  };

  /** Six queued tasks, each watched by a job that polled it once and sleeps until its next poll. */
  const sleepingJobs = async () => {
    const ids = Array.from({ length: 6 }, () => sim.createTask({ status: 'queued' }).id);
    for (const id of ids) await enqueueWatch(queue, id, { videoSeconds: 10 });
    await pollAllOnce(6);
    return ids;
  };

  /** Runs a worker until the `count` jobs all polled once more and sleep again. */
  const pollAllOnce = async (count: number) => {
    const polled = new Map<string, number>();
    for (const job of await queue.getDelayed())
      polled.set(String(job.id), job.data.answers?.length ?? 0);
    await queue.promoteJobs();
    const worker = startWorker();
    await until(async () => {
      const delayed = await queue.getDelayed();
      return (
        delayed.length === count &&
        delayed.every((job) => (job.data.answers?.length ?? 0) > (polled.get(String(job.id)) ?? 0))
      );
    });
    await worker.close();
    workers.splice(0);
  };

  /** How long from now each sleeping job waits for its next poll, in ms. */
  const sleeps = async () =>
    (await queue.getDelayed()).map((job) => job.timestamp + job.delay - Date.now());

  /** Six processing tasks, each watched by a job that polled it once. */
  const watching = async () => {
    const ids = Array.from(
      { length: 6 },
      () => sim.createTask({ status: 'processing', progress: 10 }).id,
    );
    for (const id of ids) await enqueueWatch(queue, id, { videoSeconds: 10 });
    await pollAllOnce(6);
    return ids;
  };

  const states = async (ids: readonly string[]) =>
    Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await queue.getJobState(id)])));

  it('wakes only the jobs whose task the list shows changed, and loses none', async () => {
    const [done, failed, started, ...same] = await sleepingJobs();
    const ids = [done, failed, started, ...same] as string[];
    // Each sleeps for seconds at least: the planner's first look at a queued 10 s video.
    const firstPolls = (await queue.getDelayed()).map((job) => job.timestamp + job.delay);
    expect(Math.min(...firstPolls) - Date.now()).toBeGreaterThan(3_000);
    sim.setTask(done as string, { status: 'completed' });
    sim.setTask(failed as string, { status: 'failed', error: 'moderation_blocked' });
    sim.setTask(started as string, { status: 'processing', progress: 10 });

    const listsBefore = log.requests.filter((r) => r.url.includes('/videos?')).length;
    const first = await sweepOnce();
    expect([...first.woken].sort()).toEqual([done, failed, started].sort());
    expect(log.requests.filter((r) => r.url.includes('/videos?')).length - listsBefore).toBe(1);
    expect(await states(ids)).toEqual({
      [done as string]: 'waiting',
      [failed as string]: 'waiting',
      [started as string]: 'waiting',
      ...Object.fromEntries(same.map((id) => [id, 'delayed'])),
    });
    // Nothing changed since: the next sweep wakes nobody.
    expect((await sweepOnce()).woken).toEqual([]);
    expect((await states(same)) as object).toEqual(
      Object.fromEntries(same.map((id) => [id, 'delayed'])),
    );

    // The rest end too; workers and sweeps finish every job long before its planned poll.
    sim.setTask(started as string, { status: 'completed' });
    for (const id of same) sim.setTask(id, { status: 'completed' });
    const startedAt = Date.now();
    startWorker();
    startWorker();
    await scheduleFleetSweeps(queue, { everyMs: 100 });
    const tasks = await Promise.all(
      ids.map((id) => lastValueFrom(fleetStatus$(queueEvents, id, { queue }))),
    );
    expect(Date.now() - startedAt).toBeLessThan(Math.min(...firstPolls) - startedAt);
    expect(tasks.map((task) => task.status)).toEqual([
      'completed',
      'failed',
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
    // The index of watched tasks is empty once every task ended.
    const { backend } = queue as unknown as {
      backend: { client: Promise<{ hgetall(key: string): Promise<object> }> };
    };
    expect(await (await backend.client).hgetall(queue.toKey('sora-rx:tasks'))).toEqual({});
  });

  it('leaves a gateway whose list answers 404 alone, and its jobs on their GETs', async () => {
    let lists = 0;
    const noList: HttpTransport = (req) =>
      req.url.includes('/videos?')
        ? defer(() => {
            lists++;
            return of({ status: 404, headers: {}, body: '{"error":{"message":"no"}}' });
          })
        : undiciTransport()(req);
    const [id] = await sleepingJobs();
    sim.setTask(id as string, { status: 'completed' });
    expect(await sweepOnce(noList)).toEqual({ woken: [], noList: true });
    expect(await sweepOnce(noList)).toEqual({ woken: [], noList: true });
    expect(lists).toBe(1);
    expect(await queue.getJobState(id as string)).toBe('delayed');
    // No list, no sweeps running: the jobs keep the planner's schedule, their GETs the only way
    // (the one whose task completed ends).
    await pollAllOnce(5);
    expect(Math.max(...(await sleeps()))).toBeLessThan(60_000);
  });

  it('leaves a task to the sweeps and polls it with its own GET only at the safety net', async () => {
    await watching();
    // On the planner's schedule: a processing 10 s video is looked at again within a minute.
    expect(Math.max(...(await sleeps()))).toBeLessThan(60_000);
    expect((await sweepOnce(undefined, { everyMs: 1_000, safetyNetMs: 1_200_000 })).woken).toEqual(
      [],
    );
    await pollAllOnce(6);
    // Between 15 and 20 minutes (within the watch's 30 minutes), each its own.
    for (const ms of await sleeps()) {
      expect(ms).toBeGreaterThan(900_000 - 5_000);
      expect(ms).toBeLessThanOrEqual(1_200_000);
    }
    // Spread over the last quarter of the safety net, not all at one time: six draws within 10 s
    // of each other in 300 s come about once in four million runs.
    const spread = await sleeps();
    expect(Math.max(...spread) - Math.min(...spread)).toBeGreaterThan(10_000);
  });

  it("keeps the planner's schedule with safetyNetMs: 0, and once the sweeps stop", async () => {
    await watching();
    await sweepOnce(undefined, { everyMs: 1_000, safetyNetMs: 0 });
    await pollAllOnce(6);
    expect(Math.max(...(await sleeps()))).toBeLessThan(60_000);

    await sweepOnce(undefined, { everyMs: 1_000, safetyNetMs: 1_200_000 });
    await stopFleetSweeps(queue);
    await pollAllOnce(6);
    expect(Math.max(...(await sleeps()))).toBeLessThan(60_000);
  });

  it('sets a default safety net from the tasks in flight and the pace: 5 minutes at least', async () => {
    await watching();
    await sweepOnce(undefined, { everyMs: 1_000 });
    await pollAllOnce(6);
    // 6 tasks at one page a second: 12 s, less than the floor of 5 minutes.
    for (const ms of await sleeps()) {
      expect(ms).toBeGreaterThan(225_000 - 5_000);
      expect(ms).toBeLessThanOrEqual(300_000);
    }
  });

  it('goes back to the top of the list once a round showed every watched task', async () => {
    // 150 older videos nobody watches (history), then the 6 newest, watched.
    for (let i = 0; i < 150; i++) sim.createTask({ status: 'completed' });
    await watching();
    const pages = () => log.requests.filter((r) => r.url.includes('/videos?')).map((r) => r.url);
    await sweepOnce(undefined, {});
    await sweepOnce(undefined, {});
    const [first, second] = pages();
    expect(first).not.toContain('after=');
    // The first page showed all 6: the next sweep reads the top again, not the history below.
    expect(second).not.toContain('after=');
  });

  it('pages on down the list while a round has not shown every watched task', async () => {
    // The 6 watched, then 150 newer videos nobody watches: the first page shows none of the 6.
    await watching();
    for (let i = 0; i < 150; i++) sim.createTask({ status: 'completed' });
    const pages = () => log.requests.filter((r) => r.url.includes('/videos?')).map((r) => r.url);
    for (let i = 0; i < 3; i++) await sweepOnce(undefined, {});
    const [first, second, third] = pages();
    expect(first).not.toContain('after=');
    expect(second).toContain('after=');
    // The second page showed the 6: the round is over, the next sweep reads the top again.
    expect(third).not.toContain('after=');
  });

  it('checks safetyNetMs before anything is scheduled', async () => {
    await expect(scheduleFleetSweeps(queue, { safetyNetMs: -1 })).rejects.toThrow(/`safetyNetMs`/);
    await expect(scheduleFleetSweeps(queue, { safetyNetMs: Number.NaN })).rejects.toThrow(
      /`safetyNetMs`/,
    );
    expect(await queue.getJobSchedulers()).toEqual([]);
  });
});
