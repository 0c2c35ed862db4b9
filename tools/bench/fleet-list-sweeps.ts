// The fleet's list sweeps against per-task GETs alone, under a tight key: 2,000 tasks in flight,
// 2 worker processes, a fleet limit of 5 requests/s (`{ max: 5, duration: 1000 }`), the simulator
// in OpenAI's dialect (the one with a list) with its clock stopped, so that tasks end when the
// bench says: 500 of them at known wall times spread over 3 minutes; every request answered after
// 400 ms. One worker is killed with SIGKILL a minute and a half in; the other finishes. Per task: the delay from its end to its
// job's completion (the fleet saw it terminal); at the simulator: the most requests in any
// rolling second; at the end: every job, none lost.
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import {
  createFleetWorker,
  enqueueWatch,
  type FleetJobData,
  type FleetJobResult,
  SWEEP_JOB,
  scheduleFleetSweeps,
  stopFleetSweeps,
} from '../../src/bullmq/index.js';
import { startSoraSimulator } from '../../src/testing/index.js';
import { mostInWindow } from '../../test/helpers/most-in-window.js';
import { commandCalls, countCommands, startRedis } from '../../test/helpers/redis-server.js';
import { startIdempotentFront } from '../fleet/idempotent-front.js';
import { startWorkerProcess, type WorkerProcess } from '../fleet/processes.js';
import { sleep } from './bench-utils.js';

const TASKS = 2_000;
const ENDING = 500;
const LIMITER = { max: 5, duration: 1_000 };
/** When the first task ends, and over how long the 500 end, from the start of the run. */
const FIRST_END_MS = 10_000;
const ENDS_OVER_MS = 180_000;
const KILL_AT_MS = 90_000;
/** The bound of a run: the baseline is cut off here. */
const BOUND_MS = 270_000;
const SWEEP_EVERY_MS = 1_000;
/** How long the API takes to answer: a kill then finds requests in flight. */
const LATENCY_MS = 400;

/** What one variant saw. */
interface SweepRunReport {
  readonly variant: string;
  /** Delay from each ending task's end to its job's completion, in ms, for those seen. */
  readonly delaysMs: readonly number[];
  /** For each task not seen by the end: how long it had ended by then, in ms (a lower bound). */
  readonly unseenForMs: readonly number[];
  readonly notSeen: number;
  readonly mostInOneSecond: number;
  readonly requests: { readonly gets: number; readonly lists: number };
  readonly elapsedMs: number;
  readonly jobs: Readonly<Record<string, number>>;
  readonly wrongResults: number;
  readonly stalled: number;
  readonly redisCommandsPerRequest: number;
  /**
   * The fleet's Redis commands (the bench's own reads and its QueueEvents' `XREAD`s taken out)
   * per look at a task in flight: a GET, or a row of a list page showing a task not completed.
   */
  readonly redisCommandsPerLook: number;
}

/** A small seeded generator, so that both variants end the same tasks at the same times. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Runs one variant: list sweeps on, or per-task GETs alone. */
async function runSweepVariant(sweeps: boolean): Promise<SweepRunReport> {
  const variant = sweeps ? 'list sweeps' : 'per-task GETs (baseline)';
  const redis = await startRedis();
  const sim = await startSoraSimulator({ dialect: 'openai', clock: 'manual' });
  // The API as the workers see it: the simulator behind a front that answers after 400 ms and
  // logs when each request arrived.
  const log: { atMs: number; url: string }[] = [];
  /** The rows of tasks in flight (not completed) that list pages showed: each a look at a task. */
  let pageRows = 0;
  const front = await startIdempotentFront(
    sim.baseUrl,
    {
      onRequest: (req) => log.push({ atMs: Date.now(), url: req.url ?? '' }),
      onResponse: (status, body) => {
        if (status !== 200 || body[0] !== 0x7b) return;
        const { object, data } = JSON.parse(body.toString()) as {
          object?: string;
          data?: { status?: string }[];
        };
        if (object === 'list' && Array.isArray(data)) {
          pageRows += data.filter((task) => task.status !== 'completed').length;
        }
      },
    },
    { latencyMs: LATENCY_MS },
  );
  const connection = { host: redis.host, port: redis.port };
  const queueName = 'swept';
  const queue = new Queue<FleetJobData, FleetJobResult>(queueName, { connection });
  const queueEvents = new QueueEvents(queueName, { connection });
  const redisClient = new Redis(redis.port, redis.host, { maxRetriesPerRequest: null });
  const client = { baseUrl: front.baseUrl, apiKey: sim.apiKey, dialect: 'openai' as const };
  const workers: WorkerProcess[] = [];
  let stalled = 0;
  queueEvents.on('stalled', () => {
    stalled += 1;
  });
  try {
    await queueEvents.waitUntilReady();
    const ids = Array.from({ length: TASKS }, () => sim.createTask({ status: 'processing' }).id);
    for (let i = 0; i < TASKS; i += 200) {
      await Promise.all(
        ids.slice(i, i + 200).map((id) => enqueueWatch(queue, id, { videoSeconds: 10 })),
      );
    }
    // Warm-up, not measured: every job polls its task once and sleeps, as in a fleet that has been
    // running for a while. With sweeps, once more after a first sweep: the jobs then sleep on the
    // sweeps' safety net, as they would have from their first step.
    const warm = createFleetWorker(queueName, {
      connection,
      limiter: { max: 10_000, duration: 1_000 },
      client,
      worker: { concurrency: 128 },
    });
    /** Until every job polled its task `times` times, and, with `asleep`, all sleep at once. */
    const allPolled = async (times: number, asleep: boolean) => {
      for (;;) {
        const jobs = await queue.getJobs(asleep ? ['delayed'] : ['delayed', 'wait', 'active']);
        if (jobs.length === TASKS && jobs.every((job) => (job.data.answers?.length ?? 0) >= times))
          return;
        await sleep(1_000);
      }
    };
    await allPolled(1, false);
    if (sweeps) {
      // One sweep, run by the warm-up worker: the sweeps then count as running.
      await queue.add(SWEEP_JOB, { everyMs: SWEEP_EVERY_MS } as FleetJobData, {
        removeOnComplete: true,
      });
      while ((await redisClient.get(queue.toKey('sora-rx:sweep'))) === null) await sleep(100);
      await queue.promoteJobs();
      await allPolled(2, true);
    }
    await warm.close();

    // The run.
    const rng = seeded(7);
    const shuffled = [...ids].sort(() => rng() - 0.5);
    const endsAt = new Map(
      shuffled.slice(0, ENDING).map((id) => [id, FIRST_END_MS + rng() * ENDS_OVER_MS] as const),
    );
    const endedAtMs = new Map<string, number>();
    for (let i = 0; i < 2; i++) {
      workers.push(
        await startWorkerProcess({
          redisPort: redis.port,
          queueName,
          ...client,
          limiter: LIMITER,
          concurrency: 16,
          lockDuration: 5_000,
          stalledInterval: 2_000,
        }),
      );
    }
    if (sweeps) await scheduleFleetSweeps(queue, { everyMs: SWEEP_EVERY_MS });
    const infoBefore = await redisClient.info('commandstats');
    const commandsBefore = countCommands(infoBefore);
    const xreadsBefore = commandCalls(infoBefore).get('xread') ?? 0;
    const rowsBefore = pageRows;
    /** The commands the loop below sends itself: taken out of the fleet's count. */
    let benchCommands = 0;
    const started = Date.now();
    let killed = false;
    let lastLog = 0;
    for (;;) {
      const elapsed = Date.now() - started;
      for (const [id, atMs] of endsAt) {
        if (atMs <= elapsed && !endedAtMs.has(id)) {
          sim.setTask(id, { status: 'completed' });
          endedAtMs.set(id, Date.now());
        }
      }
      // Killed while steps are under way (two in flight at least), so that it leaves some behind.
      // Plain reads, one command each, counted: the fleet's own commands are the rest.
      if (!killed && elapsed >= KILL_AT_MS) {
        benchCommands += 1;
        if ((await redisClient.llen(queue.toKey('active'))) >= 2) {
          killed = true;
          await workers[0]?.kill();
        }
      }
      benchCommands += 1;
      const completed = await redisClient.zcard(queue.toKey('completed'));
      if (elapsed - lastLog >= 30_000) {
        lastLog = elapsed;
        console.log(
          `  ${variant}: ${(elapsed / 1000).toFixed(0)} s, ${endedAtMs.size} ended, ${completed} seen`,
        );
      }
      if ((endedAtMs.size === ENDING && completed === ENDING) || elapsed >= BOUND_MS) break;
      await sleep(100);
    }
    const elapsedMs = Date.now() - started;
    const requests = log.filter((request) => request.atMs >= started);
    const info = await redisClient.info('commandstats');
    const commands = countCommands(info) - commandsBefore;
    // The fleet's alone: less the loop's reads, the `INFO` itself, and the bench's QueueEvents.
    const fleetCommands =
      commands - benchCommands - 1 - ((commandCalls(info).get('xread') ?? 0) - xreadsBefore);
    const looks =
      requests.filter((request) => !request.url.includes('/videos?')).length +
      (pageRows - rowsBefore);
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    if (sweeps) await stopFleetSweeps(queue);

    // Every job, as it is now.
    const delaysMs: number[] = [];
    const unseenForMs: number[] = [];
    const endedBy = started + elapsedMs;
    const jobs: Record<string, number> = {};
    let wrongResults = 0;
    for (const id of ids) {
      const job = await queue.getJob(id);
      const state = job === undefined ? 'missing' : await job.getState();
      jobs[state] = (jobs[state] ?? 0) + 1;
      if (state !== 'completed') {
        const endedAt = endedAtMs.get(id);
        if (endedAt !== undefined) unseenForMs.push(endedBy - endedAt);
        continue;
      }
      const task = job?.returnvalue?.task;
      const endedAt = endedAtMs.get(id);
      if (task?.id !== id || task.status !== 'completed' || endedAt === undefined) {
        wrongResults += 1;
        continue;
      }
      delaysMs.push(Math.max(0, (job?.finishedOn ?? 0) - endedAt));
    }
    return {
      variant,
      delaysMs: delaysMs.sort((a, b) => a - b),
      unseenForMs,
      notSeen: ENDING - delaysMs.length,
      mostInOneSecond: mostInWindow(
        requests.map((request) => request.atMs),
        1_000,
      ),
      requests: {
        lists: requests.filter((request) => request.url.includes('/videos?')).length,
        gets: requests.filter((request) => !request.url.includes('/videos?')).length,
      },
      elapsedMs,
      jobs,
      wrongResults,
      stalled,
      redisCommandsPerRequest: commands / Math.max(1, requests.length),
      redisCommandsPerLook: fleetCommands / Math.max(1, looks),
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await queueEvents.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    redisClient.disconnect();
    await front.close();
    await sim.close();
    await redis.stop();
  }
}

/**
 * The delay at quantile `q` of the ending tasks. A task not seen by the end counts as its time
 * since its end, a lower bound: when one such bound is at or below the quantile, the true one may
 * be longer, and it reads `≥ x s`.
 */
function quantile(report: SweepRunReport, q: number): string {
  const all = [...report.delaysMs, ...report.unseenForMs].sort((a, b) => a - b);
  const at = all[Math.ceil(q * all.length) - 1];
  if (at === undefined) return 'n/a';
  const bound = report.unseenForMs.some((ms) => ms <= at);
  return `${bound ? '≥ ' : ''}${(at / 1000).toFixed(1)} s`;
}

/** Runs both variants and prints the table row of each. */
export async function runFleetListSweeps(): Promise<void> {
  console.log(
    `\nfleet, ${TASKS.toLocaleString('en')} tasks at ${LIMITER.max} req/s, list sweeps vs GETs: 2 worker processes, limiter { max: ${LIMITER.max}, duration: ${LIMITER.duration} }, ${ENDING} tasks ending over ${ENDS_OVER_MS / 1000} s, worker 0 killed (SIGKILL) at ${KILL_AT_MS / 1000} s, bound ${BOUND_MS / 1000} s`,
  );
  const reports = [await runSweepVariant(true), await runSweepVariant(false)];
  console.log(
    '| run | median delay | p95 delay | not seen | most requests in 1 s | GETs | list pages | jobs at the end | lost | Redis commands/request | fleet Redis commands per look at a task |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const report of reports) {
    const jobs = Object.entries(report.jobs)
      .map(([state, count]) => `${count} ${state}`)
      .join(', ');
    console.log(
      `| ${report.variant} | ${quantile(report, 0.5)} | ${quantile(report, 0.95)} | ${report.notSeen} of ${ENDING} | ${report.mostInOneSecond} | ${report.requests.gets} | ${report.requests.lists} | ${jobs} | ${(report.jobs.missing ?? 0) + (report.jobs.failed ?? 0) + report.wrongResults} | ${report.redisCommandsPerRequest.toFixed(1)} | ${report.redisCommandsPerLook.toFixed(2)} |`,
    );
    console.log(
      `  (${report.variant}: ran ${(report.elapsedMs / 1000).toFixed(0)} s, ${report.stalled} jobs found stalled after the kill and taken over)`,
    );
  }
}
