import type { Queue } from 'bullmq';
import { firstValueFrom } from 'rxjs';
import {
  type ApiContext,
  assertPositiveNumber,
  fetchVideoPage,
  isNoList,
  type VideoPage,
} from '../core-for-fleet.js';
import { isSoraError } from '../index.js';
import type { FleetJob, FleetQueue } from './enqueue.js';
import { indexClientOf, queueOf, readTaskIndex } from './task-index.js';

/** The name of the fleet's sweep jobs: each reads one list page and wakes the jobs it shows changed. */
export const SWEEP_JOB = 'sora-sweep';
/** The id of the queue's job scheduler of sweeps. */
const SWEEP_SCHEDULER = 'sora-rx:sweeps';
/** How the ids of the scheduler's sweep jobs begin (BullMQ names them `repeat:<scheduler>:<ms>`). */
export const SWEEP_JOB_IDS = `repeat:${SWEEP_SCHEDULER}:`;
/** Where the sweeps keep their place in the list, beside the queue's keys. */
const SWEEP_STATE_KEY = 'sora-rx:sweep';
/** The tasks of one list page. */
const PAGE_SIZE = 100;
/** How long a gateway whose list answered 400, 404, 405 or 501 is not asked again: 5 minutes. */
const NO_LIST_RETRY_MS = 300_000;

/** Options of {@link scheduleFleetSweeps}. */
export interface FleetSweepOptions {
  /**
   * How often a sweep job runs, in ms. Each one is one request (one list page of 100 tasks),
   * counted by the fleet's limiter like any step: the pages cycle from the newest task down, so
   * 2,000 tasks in flight are all seen every 20 sweeps.
   * @default 1000
   */
  readonly everyMs?: number | undefined;
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
  const everyMs = options.everyMs ?? 1000;
  assertPositiveNumber(everyMs, 'everyMs');
  await (queue as Queue).upsertJobScheduler(
    SWEEP_SCHEDULER,
    { every: everyMs },
    { name: SWEEP_JOB, data: {}, opts: { removeOnComplete: true, removeOnFail: true } },
  );
}

/** Stops the queue's list sweeps. */
export async function stopFleetSweeps(queue: FleetQueue): Promise<void> {
  await (queue as Queue).removeJobScheduler(SWEEP_SCHEDULER);
}

/** Where the sweeps are in the list, and until when a list that was refused is left alone. */
interface SweepState {
  readonly after?: string | undefined;
  readonly noListUntilMs?: number | undefined;
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
  const state = parseState(await client.get(stateKey));
  if (state.noListUntilMs !== undefined && nowMs < state.noListUntilMs) {
    return { woken: [], noList: true };
  }
  let page: VideoPage;
  try {
    page = await firstValueFrom(fetchVideoPage(api, PAGE_SIZE, state.after, 'desc'));
  } catch (error) {
    if (isSoraError(error, 'SORA_RATE_LIMITED')) throw error;
    if (isNoList(error)) {
      await client.set(stateKey, JSON.stringify({ noListUntilMs: nowMs + NO_LIST_RETRY_MS }));
      return { woken: [], noList: true };
    }
    // A page that failed otherwise: the next sweep starts from the top again.
    await client.set(stateKey, '{}');
    return { woken: [] };
  }
  const last = page.ids.at(-1);
  await client.set(
    stateKey,
    JSON.stringify(page.hasMore && last !== undefined ? { after: last } : {}),
  );
  const index = await readTaskIndex(
    job,
    page.tasks.map((task) => task.id),
  );
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

function parseState(value: string | null): SweepState {
  if (value === null) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { after, noListUntilMs } = parsed as Record<string, unknown>;
    return {
      after: typeof after === 'string' ? after : undefined,
      noListUntilMs: typeof noListUntilMs === 'number' ? noListUntilMs : undefined,
    };
  } catch {
    return {};
  }
}
