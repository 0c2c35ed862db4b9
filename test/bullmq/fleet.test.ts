import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { defer, firstValueFrom, lastValueFrom, map, of, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createFleetWorker,
  enqueueVideo,
  enqueueWatch,
  type FleetJobData,
  type FleetJobResult,
  type FleetWorker,
  fleetEvents$,
  fleetStatus$,
} from '../../src/bullmq/index.js';
import type { HttpTransport, PollOptions, RetryWithBackoffOptions } from '../../src/index.js';
import { undiciTransport } from '../../src/node.js';
import { type SoraSimulator, startSoraSimulator } from '../../src/testing/index.js';
import { mostInWindow } from '../helpers/most-in-window.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { openRequestLog, type RequestLog } from './request-log.js';

const FIXTURE = fileURLToPath(new URL('../../src/testing/fixtures/sample.mp4', import.meta.url));

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('a fleet of BullMQ workers', () => {
  let sim: SoraSimulator;
  let log: RequestLog;
  let dir: string;
  let queue: Queue<FleetJobData, FleetJobResult>;
  let queueEvents: QueueEvents;
  const workers: FleetWorker[] = [];
  let queueName: string;
  let names = 0;

  beforeEach(async () => {
    queueName = `fleet-${process.pid}-${names++}`;
    const connection = { host: redis.host, port: redis.port };
    sim = await startSoraSimulator({ timeScale: 600 });
    log = openRequestLog();
    dir = await mkdtemp(join(tmpdir(), 'sora-fleet-'));
    queue = new Queue(queueName, { connection });
    queueEvents = new QueueEvents(queueName, { connection });
    await queueEvents.waitUntilReady();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close()));
    await queueEvents.close();
    await queue.obliterate({ force: true });
    await queue.close();
    log.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  const startWorker = (
    limiter = { max: 1, duration: 10 },
    transport?: HttpTransport,
    poll: PollOptions = {},
    retry: RetryWithBackoffOptions = {},
  ) => {
    const worker = createFleetWorker(queueName, {
      connection: { host: redis.host, port: redis.port },
      limiter,
      client: {
        baseUrl: sim.baseUrl,
        apiKey: sim.apiKey,
        ...(transport === undefined ? {} : { transport }),
        // The simulator asks for a poll every 50 ms at this speed.
        poll: { minHintMs: 10, ...poll },
        retry: { baseDelayMs: 20, maxDelayMs: 200, ...retry },
      },
      save: { dir },
    });
    workers.push(worker);
    return worker;
  };

  /** Resolves with the results of the jobs, once every one of them is done. */
  const allDone = (ids: readonly string[]) =>
    Promise.all(ids.map((id) => lastValueFrom(fleetStatus$(queueEvents, id, { queue }))));

  it('creates each video once, watches it to the end and saves it byte for byte', async () => {
    startWorker();
    startWorker();
    const jobs = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        enqueueVideo(queue, { prompt: `video ${i}`, seconds: 10 }),
      ),
    );
    const ids = jobs.map((job) => String(job.id));
    const tasks = await allDone(ids);

    expect(tasks.map((task) => task.status)).toEqual(ids.map(() => 'completed'));
    const creates = log.createsByKey();
    expect([...creates.keys()].sort()).toEqual([...ids].sort());
    expect([...creates.values()].every((count) => count === 1)).toBe(true);
    expect(sim.metrics.creates).toBe(12);
    const fixture = await readFile(FIXTURE);
    const files = await readdir(dir);
    expect(files.sort()).toEqual(tasks.map((task) => `${task.id}.mp4`).sort());
    for (const file of files) expect((await readFile(join(dir, file))).equals(fixture)).toBe(true);
    for (const id of ids) {
      const job = await queue.getJob(id);
      expect(job?.returnvalue.file).toBe(join(dir, `${job?.returnvalue.task.id}.mp4`));
      expect(job?.data.params).toBeUndefined();
    }
  });

  it('follows a job with fleetStatus$ as videoStatus$ follows a task', async () => {
    startWorker();
    const job = await enqueueVideo(queue, { prompt: 'a lighthouse', seconds: 10 });
    const statuses = await lastValueFrom(
      fleetStatus$(queueEvents, String(job.id), { queue }).pipe(toArray()),
    );
    const seen = statuses.map((task) => task.status);
    expect(seen[0]).toBe('queued');
    expect(seen.at(-1)).toBe('completed');
    expect(seen.filter((status) => status === 'completed')).toHaveLength(1);
  });

  it('reads QueueEvents through one listener per event, let go with the last follower', async () => {
    const count = () => queueEvents.listenerCount('progress') + queueEvents.listenerCount('failed');
    const before = count();
    const followers = ['a', 'b', 'c'].map((id) => fleetStatus$(queueEvents, id).subscribe());
    const all = fleetEvents$(queueEvents).subscribe();
    expect(count()).toBe(before + 2);
    for (const follower of followers) follower.unsubscribe();
    expect(count()).toBe(before + 2);
    all.unsubscribe();
    expect(count()).toBe(before);
  });

  it('makes one job of the same idempotency key enqueued twice', async () => {
    const first = await enqueueVideo(queue, { prompt: 'one' }, { idempotencyKey: 'key-1' });
    await enqueueVideo(queue, { prompt: 'two' }, { idempotencyKey: 'key-1' });
    expect(first.id).toBe('key-1');
    expect(await queue.count()).toBe(1);
    expect((await queue.getJob('key-1'))?.data.params?.prompt).toBe('one');
    startWorker();
    const task = await lastValueFrom(fleetStatus$(queueEvents, 'key-1', { queue }));
    expect(task.status).toBe('completed');
    expect(log.createsByKey()).toEqual(new Map([['key-1', 1]]));
  });

  it('keeps the fleet under its limit, whatever the number of workers', async () => {
    // 1 activation per 25 ms: 40 a second for the whole fleet.
    for (let i = 0; i < 3; i++) startWorker({ max: 1, duration: 25 });
    const jobs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => enqueueVideo(queue, { prompt: `v${i}`, seconds: 10 })),
    );
    await allDone(jobs.map((job) => String(job.id)));
    const times = log.requests.map((request) => request.atMs);
    expect(times.length).toBeGreaterThanOrEqual(48);
    // A fixed window of 25 ms lets a request at each edge of a second: 41 at most. Arrivals are
    // counted at the server, where a busy machine may bunch a few of them: 3 of slack. Without
    // the limiter, three workers of 16 steps at once send hundreds a second.
    expect(mostInWindow(times, 1000)).toBeLessThanOrEqual(44);
  });

  it('spreads a limit of max per duration evenly: no burst of max at a window edge', async () => {
    // 10 per 500 ms, run as 2 activations per 100 ms. BullMQ's fixed window would let the 10 go
    // at once, and 10 more at the start of the next window.
    for (let i = 0; i < 2; i++) startWorker({ max: 10, duration: 500 });
    expect(workers[0]?.worker.opts.limiter).toEqual({ max: 2, duration: 100 });
    const jobs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => enqueueVideo(queue, { prompt: `s${i}`, seconds: 10 })),
    );
    await allDone(jobs.map((job) => String(job.id)));
    const times = log.requests.map((request) => request.atMs);
    expect(times.length).toBeGreaterThanOrEqual(48);
    // Arrivals are counted at the server, where a busy machine may bunch two of them.
    expect(mostInWindow(times, 40)).toBeLessThanOrEqual(3);
    expect(mostInWindow(times, 500)).toBeLessThanOrEqual(13);
  });

  it('pauses every worker of the fleet for the Retry-After of a 429 that one of them got', async () => {
    // One worker is refused once, by its own transport: only the queue can tell the other.
    let refusedAt: number | undefined;
    const refuseOnce: HttpTransport = (req) =>
      refusedAt === undefined && req.method === 'GET'
        ? defer(() => {
            refusedAt = Date.now();
            return of({ status: 429, headers: { 'retry-after': '1' }, body: '{}' });
          })
        : undiciTransport()(req);
    startWorker({ max: 100, duration: 100 }, refuseOnce);
    startWorker({ max: 100, duration: 100 });
    const jobs = await Promise.all(
      Array.from({ length: 6 }, (_, i) => enqueueVideo(queue, { prompt: `r${i}`, seconds: 10 })),
    );
    const tasks = await allDone(jobs.map((job) => String(job.id)));

    expect(tasks.every((task) => task.status === 'completed')).toBe(true);
    expect(refusedAt).toBeDefined();
    const after = log.requests.map((request) => request.atMs - (refusedAt as number));
    // Steps already under way when it came may still go out, a few ms later or, on a machine busy
    // with the rest of the suite, over a hundred; then none for the second it asked for, from
    // either worker, where both would otherwise poll every 50 ms.
    expect(after.filter((ms) => ms > 300 && ms < 950)).toEqual([]);
    expect(after.filter((ms) => ms >= 950).length).toBeGreaterThan(0);
    expect(sim.tasks.size).toBe(6);
  });

  it('pauses the fleet for at least 1 s after a 429 whose Retry-After says 0', async () => {
    // Issue 21, defect 2: "retry now" must not take the pause away.
    let refusedAt: number | undefined;
    const refuseOnce: HttpTransport = (req) =>
      refusedAt === undefined && req.method === 'GET'
        ? defer(() => {
            refusedAt = Date.now();
            return of({ status: 429, headers: { 'retry-after': '0' }, body: '{}' });
          })
        : undiciTransport()(req);
    startWorker({ max: 100, duration: 100 }, refuseOnce);
    startWorker({ max: 100, duration: 100 });
    const jobs = await Promise.all(
      Array.from({ length: 6 }, (_, i) => enqueueVideo(queue, { prompt: `z${i}`, seconds: 10 })),
    );
    const tasks = await allDone(jobs.map((job) => String(job.id)));

    expect(tasks.every((task) => task.status === 'completed')).toBe(true);
    expect(refusedAt).toBeDefined();
    const after = log.requests.map((request) => request.atMs - (refusedAt as number));
    // As for a Retry-After of 1: steps under way may still go out; then none for a second.
    expect(after.filter((ms) => ms > 300 && ms < 950)).toEqual([]);
    expect(after.filter((ms) => ms >= 950).length).toBeGreaterThan(0);
  });

  it('fails a job whose task does not exist, with the code that failed it', async () => {
    startWorker();
    await enqueueWatch(queue, 'sora_missing');
    const error = await firstValueFrom(fleetStatus$(queueEvents, 'sora_missing', { queue })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'SORA_FLEET_JOB_FAILED', reasonCode: 'SORA_NOT_FOUND' });
  });

  it('fails a job past maxWaitMs with SORA_POLL_TIMEOUT, counted across its steps', async () => {
    // A watched task's age comes from its `created`, in whole seconds: the deadline is that close.
    startWorker(undefined, undefined, { maxWaitMs: 2_500 });
    const { id } = sim.createTask({ queuedMs: 0, processingMs: 3_600_000 * 600 });
    await enqueueWatch(queue, id);
    const error = await lastValueFrom(fleetStatus$(queueEvents, id, { queue })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ reasonCode: 'SORA_POLL_TIMEOUT' });
    // Several polls, one per step, then none once the time was up.
    expect(sim.metrics.pollsByTask[id]).toBeGreaterThan(1);
  });

  it("counts maxWaitMs of a watch from its first poll, not from the task's creation", async () => {
    // A task created an hour ago, by the answers the worker gets.
    const anHourOld: HttpTransport = (req) =>
      undiciTransport()(req).pipe(
        map((res) => {
          if (!req.url.includes('/videos/') || res.status !== 200) return res;
          const created = Math.floor(Date.now() / 1000) - 3_600;
          return { ...res, body: JSON.stringify({ ...JSON.parse(res.body), created }) };
        }),
      );
    startWorker(undefined, anHourOld, { maxWaitMs: 5_000 });
    const { id } = sim.createTask({ queuedMs: 0, processingMs: 60_000 });
    await enqueueWatch(queue, id);
    const task = await lastValueFrom(fleetStatus$(queueEvents, id, { queue }));
    expect(task.status).toBe('completed');
  });

  it('parks a step that met a server error, with backoff, and goes on', async () => {
    // Retries enough that no step meets 31 errors in a row (0.3³¹ a step): with the default 5, one
    // run in twenty or so had a step fail 6 times in a row, and its job failed as it should.
    startWorker(undefined, undefined, {}, { maxRetries: 30 });
    sim.setFaults({ serverErrorRate: 0.3 });
    const jobs = await Promise.all(
      Array.from({ length: 6 }, (_, i) => enqueueVideo(queue, { prompt: `s${i}`, seconds: 10 })),
    );
    const tasks = await allDone(jobs.map((job) => String(job.id)));
    expect(tasks.every((task) => task.status === 'completed')).toBe(true);
    expect(sim.metrics.faults.serverError).toBeGreaterThan(0);
  });

  it('takes a job that server errors failed up where it stopped once retried, with a fresh count of retries', async () => {
    // A gateway down for its polls: each GET of the task answered 503, counted here.
    let down = true;
    let refused = 0;
    const outage: HttpTransport = (req) => {
      if (!down || req.method !== 'GET' || !req.url.includes('/videos/'))
        return undiciTransport()(req);
      refused += 1;
      return of({ status: 503, headers: {}, body: '{"error":{"message":"down"}}' });
    };
    startWorker(undefined, outage, {}, { maxRetries: 2 });
    const job = await enqueueVideo(queue, { prompt: 'an outage', seconds: 10 });
    const id = String(job.id);
    const failure = () =>
      lastValueFrom(fleetStatus$(queueEvents, id, { queue })).catch((e: unknown) => e);
    const retry = async () => (await queue.getJob(id))?.retry();

    // The poll and its 2 retries, then the job fails.
    expect(await failure()).toMatchObject({ reasonCode: 'SORA_SERVER' });
    expect(refused).toBe(3);
    const taskId = (await queue.getJob(id))?.data.taskId;
    expect(taskId).toMatch(/^sora_/);
    // Retried while still down: its 2 retries again, not one error and out.
    await retry();
    expect(await failure()).toMatchObject({ reasonCode: 'SORA_SERVER' });
    expect(refused).toBe(6);
    // Retried once up again: it goes on from its task, without a second create.
    down = false;
    await retry();
    const task = await lastValueFrom(fleetStatus$(queueEvents, id, { queue }));
    expect(task).toMatchObject({ id: taskId, status: 'completed' });
    expect(log.createsByKey()).toEqual(new Map([[id, 1]]));
    expect(await readdir(dir)).toEqual([`${taskId}.mp4`]);
  });

  it('watches a task created elsewhere and saves its video', async () => {
    startWorker();
    const created = sim.createTask({ queuedMs: 10_000, processingMs: 60_000 });
    await enqueueWatch(queue, created.id);
    const task = await lastValueFrom(fleetStatus$(queueEvents, created.id, { queue }));
    expect(task.status).toBe('completed');
    expect(await readdir(dir)).toEqual([`${created.id}.mp4`]);
  });

  it('sweeps the part files that a download killed mid-way left of its task', async () => {
    startWorker();
    const created = sim.createTask({ status: 'completed' });
    const other = sim.createTask({ status: 'completed' });
    const left = [`${created.id}.mp4.0123456789ab.part`, `${other.id}.mp4.0123456789ab.part`];
    for (const name of left) await writeFile(join(dir, name), 'cut short');
    await enqueueWatch(queue, created.id);
    await lastValueFrom(fleetStatus$(queueEvents, created.id, { queue }));
    expect((await readdir(dir)).sort()).toEqual([`${created.id}.mp4`, left[1]].sort());
  });
});
