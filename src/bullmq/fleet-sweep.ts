import type { Queue } from 'bullmq';
import { firstValueFrom } from 'rxjs';
import {
  type ApiContext,
  assertDuration,
  assertPositiveNumber,
  fetchVideoPage,
  isNoList,
  type VideoPage,
} from '../core-for-fleet.js';
import { isSoraError } from '../index.js';
import type { FleetJob, FleetQueue } from './enqueue.js';
import { parseSweepState, SWEEP_STATE_KEY, type SweepState } from './sweep-state.js';
import {
  countWatchedTasks,
  indexClientOf,
  queueOf,
  readTaskIndex,
  redisClientOf,
} from './task-index.js';

/** The name of the fleet's sweep jobs: each reads one list page and wakes the jobs it shows changed. */
export const SWEEP_JOB = 'sora-sweep';
/** The id of the queue's job scheduler of sweeps. */
const SWEEP_SCHEDULER = 'sora-rx:sweeps';
/** How the ids of the scheduler's sweep jobs begin (BullMQ names them `repeat:<scheduler>:<ms>`). */
export const SWEEP_JOB_IDS = `repeat:${SWEEP_SCHEDULER}:`;
/** The tasks of one list page. */
const PAGE_SIZE = 100;
/** How long a gateway whose list answered 400, 404, 405 or 501 is not asked again: 5 minutes. */
const NO_LIST_RETRY_MS = 300_000;
/** The pace of the sweeps, when the user sets none. */
const DEFAULT_EVERY_MS = 1_000;
/** The shortest safety net of the default: 5 minutes. */
const MIN_SAFETY_NET_MS = 300_000;
/** How many sweep periods (at least a minute) the sweeps count as running after their last page. */
const LIVE_PERIODS = 10;
const MIN_LIVE_MS = 60_000;

/** Options of {@link scheduleFleetSweeps}. */
export interface FleetSweepOptions {
  /**
   * How often a sweep job runs, in ms. Each one is one request (one list page of 100 tasks),
   * counted by the fleet's limiter like any step: the pages cycle from the newest task down, so
   * 2,000 tasks in flight are all seen every 20 sweeps.
   * @default 1000
   */
  readonly everyMs?: number | undefined;
  /**
   * While the sweeps run, the longest a job leaves its task to them before it looks with its own
   * `GET` (each job waits between three quarters and the whole of it, so that their GETs spread):
   * the safety net for a task the pages do not show. A job polls no sooner than its planner asks,
   * and never past its `maxWaitMs`. `0` keeps every job on the planner's schedule, the sweeps then
   * only bringing looks forward. Once the sweeps stop (`stopFleetSweeps`, a gateway without a
   * list, or no page for 10 periods and at least a minute), jobs go back to the planner's schedule
   * at their next step.
   * @default twice the tasks in flight times `everyMs`, at least 5 minutes: the safety net then
   * sends at most about half as many requests as the sweeps
   * @example 1_800_000 // each task looked at by its own GET every 22 to 30 minutes
   */
  readonly safetyNetMs?: number | undefined;
}

/** The data of a sweep job: the scheduler's options. */
interface SweepJobData {
  readonly everyMs?: number | undefined;
  readonly safetyNetMs?: number | undefined;
}

/** What a sweep did. */
export interface FleetSweepResult {
  /** The ids of the jobs it woke, their task shown with another status than they last saw. */
  readonly woken: readonly string[];
  /** Whether the gateway has no list (a page answered 400, 404, 405 or 501): jobs keep their GETs. */
  readonly noList?: boolean | undefined;
}

/**
 * Starts the queue's list sweeps, or changes their pace: one job scheduler per queue (calling it
 * again replaces it), whose jobs the fleet's workers run like any step. A sweep reads one list page
 * and wakes (promotes) the delayed jobs whose task the page shows in another status than the job
 * last saw: a task that completed or failed is seen at the next sweep that reaches its page, not
 * at its next planned poll. Jobs whose task did not change stay asleep; each job's own schedule
 * still polls it with its GET, the fallback for tasks the pages do not reach and for a gateway
 * without a list (its sweeps then send nothing for 5 minutes at a time).
 *
 * ## Example
 * ```ts
 * await scheduleFleetSweeps(queue, { everyMs: 1000 });
 * ```
 * @param queue The fleet's queue.
 * @param options The pace of the sweeps.
 */
export async function scheduleFleetSweeps(
  queue: FleetQueue,
  options: FleetSweepOptions = {},
): Promise<void> {
  const { everyMs = DEFAULT_EVERY_MS, safetyNetMs } = options;
  assertPositiveNumber(everyMs, 'everyMs');
  if (safetyNetMs !== undefined) assertDuration(safetyNetMs, 'safetyNetMs', { min: 0 });
  const data: SweepJobData = { everyMs, ...(safetyNetMs === undefined ? {} : { safetyNetMs }) };
  await (queue as Queue).upsertJobScheduler(
    SWEEP_SCHEDULER,
    { every: everyMs },
    { name: SWEEP_JOB, data, opts: { removeOnComplete: true, removeOnFail: true } },
  );
}

/**
 * Stops the queue's list sweeps. Each job goes back to the planner's schedule at its next step: at
 * the latest, the end of the safety net it sleeps until.
 */
export async function stopFleetSweeps(queue: FleetQueue): Promise<void> {
  await (queue as Queue).removeJobScheduler(SWEEP_SCHEDULER);
  await (await redisClientOf(queue as Queue)).del((queue as Queue).toKey(SWEEP_STATE_KEY));
}

/**
 * One sweep: the next list page (from the newest task, or after the last page's end), the index's
 * entries of its tasks (one `HMGET`), and a promote of each job whose task changed. A 429 is thrown
 * for the processor to pause the queue; any other failure ends the sweep, the jobs keep their GETs.
 */
export async function sweepStep(
  api: ApiContext,
  job: FleetJob,
  nowMs: number,
): Promise<FleetSweepResult> {
  // A dialect without a list: the jobs' own GETs are the only way, and a sweep costs nothing.
  if (api.dialect.listPath === undefined) return { woken: [], noList: true };
  const client = await indexClientOf(job);
  const stateKey = queueOf(job).toKey(SWEEP_STATE_KEY);
  const state = parseSweepState(await client.get(stateKey));
  const save = (next: SweepState) => client.set(stateKey, JSON.stringify(next));
  if (state.noListUntilMs !== undefined && nowMs < state.noListUntilMs) {
    return { woken: [], noList: true };
  }
  let page: VideoPage;
  try {
    page = await firstValueFrom(fetchVideoPage(api, PAGE_SIZE, state.after, 'desc'));
  } catch (error) {
    if (isSoraError(error, 'SORA_RATE_LIMITED')) throw error;
    if (isNoList(error)) {
      await save({ noListUntilMs: nowMs + NO_LIST_RETRY_MS });
      return { woken: [], noList: true };
    }
    // A page that failed otherwise: the next sweep starts from the top again, and the jobs keep
    // leaving their tasks to the sweeps until those have not read a page for a while.
    await save({ liveUntilMs: state.liveUntilMs, safetyNetMs: state.safetyNetMs });
    return { woken: [] };
  }
  const index = await readTaskIndex(
    job,
    page.tasks.map((task) => task.id),
  );
  const watched = await countWatchedTasks(job);
  const { everyMs = DEFAULT_EVERY_MS, safetyNetMs } = job.data as unknown as SweepJobData;
  // Back to the top once this round showed every task the fleet watches: the rest of a long list
  // is history.
  const seen = (state.seen ?? 0) + index.size;
  const last = page.ids.at(-1);
  await save({
    ...(page.hasMore && last !== undefined && seen < watched ? { after: last, seen } : {}),
    liveUntilMs: nowMs + Math.max(LIVE_PERIODS * everyMs, MIN_LIVE_MS),
    safetyNetMs: safetyNetMs ?? Math.max(MIN_SAFETY_NET_MS, 2 * watched * everyMs),
  });
  const woken: string[] = [];
  for (const task of page.tasks) {
    const entry = index.get(task.id);
    if (entry === undefined || entry.status === task.status) continue;
    try {
      await queueOf(job).backend.promote(entry.jobId);
      woken.push(entry.jobId);
    } catch {
      // Not delayed (already awake, running, or gone): its next step sees the change anyway.
    }
  }
  return { woken };
}
