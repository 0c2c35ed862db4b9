import { asyncScheduler, type Observable } from 'rxjs';
import { SoraPollTimeoutError } from '../errors/task-errors.js';
import { isTerminal } from '../model/video-status.js';
import type { VideoTask } from '../model/video-task.js';
import { type PollUntilOptions, pollUntil } from '../operators/poll-until.js';
import { assertFraction, assertPositiveNumber } from '../util/assert-options.js';
import type { TaskResponse } from './fetch-video-task.js';
import { estimateGeneration, secondsOf } from './generation-estimates.js';

/** The cadence and time limit of watching one task. */
export interface PollOptions {
  /**
   * The time between one answer and the next poll, in milliseconds. The API asks for 30–60 s.
   * @default 30000
   */
  readonly intervalMs?: number;
  /**
   * How far each interval may stray, as a fraction: 0.1 spreads polls over ±10 %.
   * @default 0.1
   */
  readonly jitter?: number;
  /**
   * How long to watch before giving up with `SORA_POLL_TIMEOUT`, in milliseconds. A 25 s video may
   * take 15 minutes to generate.
   * @default 1800000
   */
  readonly maxWaitMs?: number;
  /**
   * Whether to skip polls while the task is younger than the shortest generation time the API
   * states (2 minutes; 3 or 5 when the gateway reports a 15 s or 25 s video), counted from the
   * task's `created`. A task is never done sooner, so those polls only cost requests.
   * @default true
   */
  readonly ageAware?: boolean;
  /**
   * The video's length in seconds, when the caller knows it and the gateway does not report it,
   * for `ageAware`. `generate$` passes the length it asked for.
   */
  readonly videoSeconds?: number | undefined;
  /**
   * The shortest wait a server's poll hint (`openai-poll-after-ms`, `Retry-After`) may set, in
   * milliseconds, so that a hint of zero cannot cause a hot loop.
   * @default 1000
   */
  readonly minHintMs?: number;
  /**
   * The longest wait a server's poll hint may set, in milliseconds.
   * @default 120000
   */
  readonly maxHintMs?: number;
}

/** The defaults of {@link PollOptions}. */
export const DEFAULT_POLL_OPTIONS: Readonly<Required<PollOptions>> = {
  intervalMs: 30_000,
  jitter: 0.1,
  ageAware: true,
  videoSeconds: undefined,
  maxWaitMs: 30 * 60_000,
  minHintMs: 1_000,
  maxHintMs: 120_000,
};

/** Fills in the defaults of {@link PollOptions}, throwing a `TypeError` on a bad value. */
export function resolvePollOptions(options: PollOptions): Required<PollOptions> {
  const resolved = { ...DEFAULT_POLL_OPTIONS, ...options };
  assertPositiveNumber(resolved.intervalMs, 'intervalMs');
  assertFraction(resolved.jitter, 'jitter');
  assertPositiveNumber(resolved.maxWaitMs, 'maxWaitMs');
  assertPositiveNumber(resolved.minHintMs, 'minHintMs');
  assertPositiveNumber(resolved.maxHintMs, 'maxHintMs');
  if (typeof resolved.ageAware !== 'boolean') {
    throw new TypeError(`Expected \`ageAware\` to be a boolean, got ${typeof resolved.ageAware}`);
  }
  if (resolved.videoSeconds !== undefined)
    assertPositiveNumber(resolved.videoSeconds, 'videoSeconds');
  return resolved;
}

/** How a watch schedules its polls: made once per set of options and shared by its watches. */
export interface PollSchedule {
  readonly options: Required<PollOptions>;
  readonly cadence: Required<
    Pick<PollUntilOptions<TaskResponse>, 'intervalMs' | 'jitter' | 'delayHintMs'>
  >;
}

/** The schedule of {@link PollOptions}: age-aware intervals with jitter, and clamped server hints. */
export function createPollSchedule(options: Required<PollOptions>): PollSchedule {
  const { minHintMs, maxHintMs } = options;
  return {
    options,
    cadence: {
      intervalMs: (response) => computePollDelay(response.task, asyncScheduler.now(), options),
      jitter: options.jitter,
      delayHintMs: ({ pollAfterMs }) =>
        pollAfterMs === undefined
          ? undefined
          : Math.min(Math.max(pollAfterMs, minHintMs), maxHintMs),
    },
  };
}

/**
 * Polls one task until it is terminal, emitting every response, and errors with
 * `SORA_POLL_TIMEOUT` past `maxWaitMs`.
 */
export function pollVideoTask(
  id: string,
  fetch$: Observable<TaskResponse>,
  { options, cadence }: PollSchedule,
): Observable<TaskResponse> {
  const { maxWaitMs } = options;
  // Not a spread: V8 would give each watch's copy a hidden class of its own.
  return pollUntil(fetch$, isTerminalResponse, {
    intervalMs: cadence.intervalMs,
    jitter: cadence.jitter,
    delayHintMs: cadence.delayHintMs,
    deadline: {
      ms: maxWaitMs,
      error: (last) => new SoraPollTimeoutError(id, maxWaitMs, last?.task),
    },
  });
}

function isTerminalResponse(response: TaskResponse): boolean {
  return isTerminal(response.task.status);
}

/**
 * The wait before the next poll of a task, with `ageAware` following the API's generation times:
 *
 * - while the task is younger than its shortest generation time, until that time: it cannot be
 *   done yet. That wait never exceeds the shortest time itself, so a clock that disagrees with the
 *   server's cannot stall a watch;
 * - while its age is within the estimated window, where it may finish at any moment, the interval
 *   shortened by the jitter, so that even jittered, no two polls are further apart than
 *   `intervalMs`;
 * - otherwise, and without `ageAware`, the interval.
 */
export function computePollDelay(
  task: VideoTask,
  nowMs: number,
  options: Pick<Required<PollOptions>, 'intervalMs' | 'jitter' | 'ageAware' | 'videoSeconds'>,
): number {
  const { intervalMs } = options;
  if (!options.ageAware || isTerminal(task.status)) return intervalMs;
  const { minMs, maxMs } = estimateGeneration(options.videoSeconds ?? secondsOf(task), task.model);
  const age = nowMs - task.created * 1000;
  if (age < minMs) return Math.max(intervalMs, Math.min(minMs - age, minMs));
  return age <= maxMs ? intervalMs * (1 - options.jitter) : intervalMs;
}

/** Whether two snapshots of a task show the same state, so the second need not be emitted. */
export function isSameTaskState(a: VideoTask, b: VideoTask): boolean {
  return (
    a.status === b.status &&
    a.video_url === b.video_url &&
    a.error === b.error &&
    a.progress === b.progress
  );
}
