// A fleet run: Redis, the simulator and N worker processes, `tasks` videos enqueued, one worker
// killed with SIGKILL on the way if asked; then what every party saw, for the checks and the
// benchmark.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { enqueueVideo, type FleetJobData, type FleetJobResult } from '../../src/bullmq/index.js';
import { countCommands, startRedis } from '../../test/helpers/redis-server.js';
import type { SimReport } from './fleet-protocol.js';
import { startSimProcess, startWorkerProcess, type WorkerProcess } from './processes.js';

/** What a run does. */
export interface FleetRunOptions {
  readonly tasks: number;
  readonly workers: number;
  /** The fleet's limit: `max` activations per `duration` ms. */
  readonly limiter: { readonly max: number; readonly duration: number };
  /** Kill worker 0 with SIGKILL once this share of the jobs completed; never if undefined. */
  readonly killAt?: number | undefined;
  readonly timeScale: number;
  /** How long the simulator takes to answer, in ms: a kill then finds requests in flight. */
  readonly latencyMs?: number | undefined;
  readonly seed: number;
  readonly concurrency: number;
  readonly lockDuration: number;
  readonly stalledInterval: number;
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Prints progress. */
  readonly log?: ((line: string) => void) | undefined;
}

/** One job at the end of the run. */
export interface JobOutcome {
  readonly id: string;
  readonly state: string;
  readonly status: string | undefined;
  readonly taskId: string | undefined;
  readonly file: string | undefined;
  readonly failedReason: string | undefined;
}

/** What a run saw. */
export interface FleetRunReport {
  readonly options: FleetRunOptions;
  readonly keys: readonly string[];
  readonly jobs: readonly JobOutcome[];
  readonly sim: SimReport;
  readonly videoSha256: string;
  /** SHA-256 of every `.mp4` in the directory, by file name. */
  readonly files: ReadonlyMap<string, string>;
  /** Every other file left in the directory (part files of killed downloads). */
  readonly leftovers: readonly string[];
  readonly elapsedMs: number;
  /** When the first video was saved, from the start. */
  readonly killedAtMs: number | undefined;
  /** Redis commands run during the run, all clients together. */
  readonly redisCommands: number;
  /** Jobs that BullMQ found stalled (their worker gone) and gave to another worker. */
  readonly stalled: number;
  /** Heaps of the workers still alive at the end, after a full collection. */
  readonly heaps: readonly number[];
  readonly activations: number;
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/** Runs a fleet and reports what it saw. */
export async function runFleet(options: FleetRunOptions): Promise<FleetRunReport> {
  const log = options.log ?? (() => {});
  const redis = await startRedis();
  const sim = await startSimProcess({
    seed: options.seed,
    timeScale: options.timeScale,
    latencyMs: options.latencyMs,
  });
  const dir = await mkdtemp(join(tmpdir(), 'sora-fleet-run-'));
  const queueName = 'fleet';
  const workers: WorkerProcess[] = [];
  const queue = new Queue<FleetJobData, FleetJobResult>(queueName, {
    connection: { host: redis.host, port: redis.port },
  });
  const queueEvents = new QueueEvents(queueName, {
    connection: { host: redis.host, port: redis.port },
  });
  let stalled = 0;
  queueEvents.on('stalled', () => {
    stalled += 1;
  });
  // Its own connection, for INFO: its commands are few, and counted with the rest.
  const client = new Redis(redis.port, redis.host, { maxRetriesPerRequest: null });
  try {
    for (let i = 0; i < options.workers; i++) {
      workers.push(
        await startWorkerProcess({
          redisPort: redis.port,
          queueName,
          baseUrl: sim.baseUrl,
          apiKey: sim.apiKey,
          dir,
          limiter: options.limiter,
          concurrency: options.concurrency,
          lockDuration: options.lockDuration,
          stalledInterval: options.stalledInterval,
        }),
      );
    }
    await queueEvents.waitUntilReady();
    const commandsBefore = countCommands(await client.info('commandstats'));
    const started = Date.now();
    const keys: string[] = [];
    for (let i = 0; i < options.tasks; i += 500) {
      const batch = Array.from({ length: Math.min(500, options.tasks - i) }, (_, j) =>
        enqueueVideo(queue, { prompt: `fleet video ${i + j}`, seconds: 10 }),
      );
      for (const job of await Promise.all(batch)) keys.push(String(job.id));
    }
    log(`enqueued ${keys.length} jobs in ${Date.now() - started} ms`);

    let killedAtMs: number | undefined;
    let lastLog = 0;
    for (;;) {
      const counts = await queue.getJobCounts('completed', 'failed');
      const done = (counts.completed ?? 0) + (counts.failed ?? 0);
      const elapsed = Date.now() - started;
      if (elapsed - lastLog >= 5_000) {
        lastLog = elapsed;
        log(
          `${(elapsed / 1000).toFixed(0)} s: ${counts.completed} completed, ${counts.failed} failed`,
        );
      }
      if (
        options.killAt !== undefined &&
        killedAtMs === undefined &&
        (counts.completed ?? 0) >= options.killAt * options.tasks
      ) {
        const victim = workers.shift() as WorkerProcess;
        await victim.kill();
        killedAtMs = elapsed;
        log(`killed worker ${victim.pid} with SIGKILL at ${(elapsed / 1000).toFixed(1)} s`);
      }
      if (done >= options.tasks || elapsed > options.timeoutMs) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const elapsedMs = Date.now() - started;
    const redisCommands = countCommands(await client.info('commandstats')) - commandsBefore;
    const heaps = await Promise.all(workers.map((worker) => worker.heap()));

    const jobs: JobOutcome[] = [];
    for (const id of keys) {
      const job = await queue.getJob(id);
      jobs.push({
        id,
        state: job === undefined ? 'missing' : await job.getState(),
        status: job?.returnvalue?.task?.status,
        taskId: job?.returnvalue?.task?.id ?? job?.data.taskId,
        file: job?.returnvalue?.file,
        failedReason: job?.failedReason || undefined,
      });
    }
    const report = await sim.report();
    const files = new Map<string, string>();
    const leftovers: string[] = [];
    for (const name of await readdir(dir)) {
      if (name.endsWith('.mp4')) files.set(name, await sha256(join(dir, name)));
      else leftovers.push(name);
    }
    return {
      options,
      keys,
      jobs,
      sim: report,
      videoSha256: sim.videoSha256,
      files,
      leftovers,
      elapsedMs,
      killedAtMs,
      redisCommands,
      stalled,
      heaps: heaps.map((heap) => heap.heapUsed),
      activations: heaps.reduce((sum, heap) => sum + heap.activations, 0),
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await queueEvents.close();
    await queue.close();
    client.disconnect();
    await sim.stop();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
