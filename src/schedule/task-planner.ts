import type { TaskResponse } from '../api/task-response.js';
import { isTerminal } from '../model/video-status.js';
import type { VideoTask } from '../model/video-task.js';
import { estimateGeneration, type GenerationEstimates, secondsOf } from './generation-estimates.js';
import type { GenerationLearner } from './generation-learner.js';
import { ProgressFit, type ProgressForecast } from './progress-forecast.js';
import { parseHttpDate, taskAgeMs } from './task-age.js';

/** The shortest wait the schedule sets, so that a forecast never causes a burst of polls. */
const MIN_WAIT_MS = 1_000;
// How a progress forecast is followed. The values were tuned in the detection benchmark
// (docs/benchmarks.md) on progress readings with ±10 points of noise.
/** How unsure a forecast may be, as a share of the time it predicts, to be followed. */
const CONFIDENT_SPREAD = 0.3;
/** Beyond this many standard deviations from the predicted finish, the task is far from it. */
const FAR_SPREADS = 2;
/** Far from the predicted finish, the share of the way there that one wait covers. */
const APPROACH_SHARE = 0.9;
/** The longest wait a forecast may set, in intervals. */
const MAX_FORECAST_INTERVALS = 5;
/** How far past the predicted finish to poll, in standard deviations of the forecast. */
const FORECAST_MARGIN = 0.8;
/** Past the predicted finish, the wait in standard deviations of the forecast. */
const OVERDUE_SPREADS = 0.5;
/** A scout's wait between the early-failure check and the skip, in intervals. */
const SCOUT_INTERVALS = 1 / 3;
/** A wait longer than this many intervals is a skip: what it ends tells only "done by now". */
const SKIP_INTERVALS = 1.5;

/** What every watch of one set of options shares: the options, the clock, what was learned. */
export interface PlannerContext {
  /** The poll interval, in milliseconds. */
  readonly intervalMs: number;
  /** How far a wait may stray from the interval, as a fraction. */
  readonly jitter: number;
  /** Whether the user set the interval: then it is honoured as it is, whatever the task's age. */
  readonly fixedInterval: boolean;
  /**
   * With pushed events, the safety net's interval (`safetyIntervalMs`); `undefined` without
   * events, or when the user set `intervalMs`.
   */
  readonly safetyIntervalMs?: number | undefined;
  /** Whether the client hears pushed events: then a server's hint is the shortest wait, not the wait. */
  readonly pushed: boolean;
  /** How long to watch before giving up, from the start of the watch, in milliseconds. */
  readonly maxWaitMs: number;
  /** The shortest wait a server's poll hint may set. */
  readonly minHintMs: number;
  /** The longest wait a server's poll hint may set. */
  readonly maxHintMs: number;
  /** Whether the schedule may use the task's age (the `ageAware` option). */
  readonly ageAware: boolean;
  /** The expected generation times by length. */
  readonly estimates: GenerationEstimates;
  /** Whether the user set `estimates`: then what was learned only shortens the skip. */
  readonly fixedEstimates?: boolean | undefined;
  /** What the client learned of the gateway's generation times. */
  readonly learner: GenerationLearner;
  /** The client's clock, in milliseconds. */
  readonly now: () => number;
  /** The source of jitter, in [0, 1). */
  readonly random: () => number;
}

/** What the caller knows of a task beyond what the gateway reports. */
export interface KnownTask {
  /** The video's length in seconds. */
  readonly videoSeconds?: number | undefined;
  /** When the task was created, on the client's clock, in milliseconds. */
  readonly createdAtMs?: number | undefined;
}

/**
 * The schedule of one watched task, and the one place that decides it: it sees every answer and
 * decides the wait before the next poll ({@link TaskPlanner.nextPollMs}) and when the watch gives
 * up ({@link TaskPlanner.deadlineAtMs}). `videoStatus$`, `generate$` and the fleet all ask it. One
 * is made per poll loop (the fleet rebuilds it from the answers its job kept); it holds a few
 * numbers.
 *
 * - With an interval the user set (or `ageAware: false`): that interval ± jitter, from the first
 *   answer on, whatever the task's age.
 * - By default, with the task's age known (`created`, checked by {@link taskAgeMs}):
 *   1. the first poll at once; while the task is younger than one interval, the next when it is
 *      one interval old (jitter only lengthens that wait), so that early failures are seen;
 *   2. then no poll before the shortest generation time: what the client learned of this kind of
 *      task (longer or shorter than published), else the published estimate, or what it learned
 *      of the model if that is shorter. A task the client picks to scout (one in ten, while it
 *      knows nothing of the kind) polls every third of an interval until then instead, while the
 *      client still needs scouts of the kind;
 *   3. then polls at most one interval apart (jitter only shortens the wait), or, where the task
 *      reports `progress`, just after the finish that its rate predicts, once that prediction
 *      is sure enough to follow.
 * - With an age that cannot be trusted: the same without the skip, counted from the first answer.
 * - With pushed events (the safety net, when the user did not set the interval): no poll before
 *   the shortest generation time plus one safety interval, then polls one safety interval apart
 *   (jitter only shortens them), so that a task whose event was lost is seen at most one safety
 *   interval after it could first have finished. Without a trusted age, the plain safety interval.
 */
export class TaskPlanner {
  /** The task's creation on the client's clock; NaN when its age cannot be trusted. */
  private createdAtMs: number;
  private answers = 0;
  private lastAnswerAtMs = 0;
  /** The age at the last answer that was not terminal: 0 for a task the caller saw created. */
  private pendingAgeMs: number | undefined;
  private fit: ProgressFit | undefined;
  /**
   * Whether the client picked this task to scout, polling densely until the skip's end while its
   * kind needs scouts; `undefined` until it first waits for the skip.
   */
  private scout: boolean | undefined;
  /**
   * When the watch gives up with `SORA_POLL_TIMEOUT`, on the client's clock: `maxWaitMs` after the
   * task's known creation (`generate$`, a fleet job), or after the watch began.
   */
  readonly deadlineAtMs: number;

  /**
   * @param context What every watch of the same options shares.
   * @param videoSeconds The video's length, when the caller knows it.
   * @param knownCreatedAtMs The task's creation on the client's clock, when the caller knows it.
   * @param watchedSinceMs Since when the task is watched: by default its known creation, or now.
   */
  constructor(
    private readonly context: PlannerContext,
    private readonly videoSeconds: number | undefined,
    knownCreatedAtMs: number | undefined,
    watchedSinceMs: number = knownCreatedAtMs ?? context.now(),
  ) {
    this.createdAtMs = knownCreatedAtMs ?? Number.NaN;
    if (knownCreatedAtMs !== undefined) this.pendingAgeMs = 0;
    this.deadlineAtMs = watchDeadlineMs(context, watchedSinceMs);
  }

  /** The time left before the deadline, at least 1 ms: the poll loop's own time limit. */
  timeLeftMs(): number {
    return Math.max(1, this.deadlineAtMs - this.context.now());
  }

  /**
   * The wait before the next poll after an answer: the server's hint wins over the schedule's
   * {@link TaskPlanner.delayMs}; with pushed events the hint is only the safety net's shortest
   * wait, so that a hint of 30 s does not turn a 5-minute safety net into 30-second polling.
   */
  nextPollMs(response: TaskResponse): number {
    const hint = clampHint(response, this.context);
    // Without events the schedule is not even asked when the server hinted: no jitter is drawn.
    if (!this.context.pushed) return hint ?? this.delayMs(response.task);
    return Math.max(hint ?? 0, this.delayMs(response.task));
  }

  /** Records an answer, teaching the client when a task completes; whether it ends the watch. */
  observe(response: TaskResponse): boolean {
    const { task } = response;
    const now = this.context.now();
    // A creation the caller knows is set from the start; else the first answer tells it, if it can.
    if (this.answers === 0 && Number.isNaN(this.createdAtMs)) {
      const age = taskAgeMs(task.created, parseHttpDate(response.serverDate), now);
      if (age !== undefined) this.createdAtMs = now - age;
    }
    this.answers += 1;
    this.lastAnswerAtMs = now;
    const age = now - this.createdAtMs;
    if (isTerminal(task.status)) {
      const notDoneAgeMs = this.pendingAgeMs;
      if (task.status === 'completed' && notDoneAgeMs !== undefined) {
        const { intervalMs } = this.context;
        // After a skip it may have completed long before: counted half an interval before it was
        // seen done, so that the learned time falls while too many are seen so. Else the middle.
        const late = age - notDoneAgeMs > SKIP_INTERVALS * intervalMs;
        this.context.learner.record(task.model, this.secondsOf(task), {
          ageMs: late ? age - intervalMs / 2 : (notDoneAgeMs + age) / 2,
          late,
          // A scout that stopped scouting, its kind learned, may be seen late: then a plain task.
          scout: this.scout === true && !late,
        });
      }
      return true;
    }
    if (Number.isNaN(age)) return false;
    this.pendingAgeMs = age;
    if (task.progress !== undefined && task.status === 'processing') {
      this.fit ??= new ProgressFit();
      this.fit.add(age, task.progress);
    }
    return false;
  }

  /**
   * The wait before the next poll, counted from the last answer. It may be asked again while the
   * watch waits, when the client learns something: the answer is then counted from the same
   * last answer.
   */
  delayMs(task: VideoTask): number {
    const { intervalMs, jitter } = this.context;
    const random = this.context.random();
    const { safetyIntervalMs } = this.context;
    if (safetyIntervalMs !== undefined) {
      const gap = safetyIntervalMs * (1 - jitter * random);
      const age = this.lastAnswerAtMs - this.createdAtMs;
      if (!this.context.ageAware || Number.isNaN(age)) return gap;
      return Math.max(MIN_WAIT_MS, Math.max(this.shortestGenerationMs(task), age) + gap - age);
    }
    if (this.context.fixedInterval || !this.context.ageAware) {
      return intervalMs * (1 + jitter * (2 * random - 1));
    }
    const longer = intervalMs * (1 + jitter * random);
    const shorter = intervalMs * (1 - jitter * random);
    const age = this.lastAnswerAtMs - this.createdAtMs;
    if (Number.isNaN(age)) return this.answers === 1 ? longer : shorter;
    if (age < intervalMs) return Math.max(MIN_WAIT_MS, longer - age);
    const shortest = this.shortestGenerationMs(task);
    let due = Math.max(shortest, age + shorter);
    const forecast = this.fit?.forecast();
    if (forecast !== undefined && forecast.spreadMs <= forecast.finishAgeMs * CONFIDENT_SPREAD) {
      due = age + this.forecastWaitMs(forecast, age, shorter);
    } else if (due - age > shorter && this.scouts(task)) {
      // A scout polls densely up to the skip, so that the client learns when this kind is done;
      // once the kind is learned, it has nothing left to find out, and waits like the others.
      due = Math.min(due, age + SCOUT_INTERVALS * shorter);
    }
    return Math.max(MIN_WAIT_MS, due - age);
  }

  /**
   * Whether this task scouts now: the client is asked once, when the task first waits for the
   * skip, whether it picks it; a scout scouts while its kind still needs scouts.
   */
  private scouts(task: VideoTask): boolean {
    const { learner } = this.context;
    const seconds = this.secondsOf(task);
    this.scout ??= learner.enlistScout(task.model, seconds);
    return this.scout && learner.needsScouts(task.model, seconds);
  }

  /**
   * The wait that a progress forecast suggests, never more than {@link MAX_FORECAST_INTERVALS}
   * intervals: far from the predicted finish, most of the way there, for a reading that sharpens
   * the forecast; near it, just after it; past it, a fraction of its spread (at most `gapMs`).
   */
  private forecastWaitMs(forecast: ProgressForecast, age: number, gapMs: number): number {
    const { finishAgeMs, spreadMs } = forecast;
    const left = finishAgeMs - age;
    const justAfter = left + FORECAST_MARGIN * spreadMs;
    const wait =
      left > FAR_SPREADS * spreadMs
        ? APPROACH_SHARE * left
        : justAfter > 0
          ? justAfter
          : Math.min(gapMs, OVERDUE_SPREADS * spreadMs);
    return Math.min(MAX_FORECAST_INTERVALS * this.context.intervalMs, wait);
  }

  /**
   * The task's shortest generation time: what the client learned of its kind, longer or shorter
   * than the published one; else (or with estimates the user set) the published one, or what was
   * learned of the task's kind or model if shorter.
   */
  private shortestGenerationMs(task: VideoTask): number {
    const seconds = this.secondsOf(task);
    const { learner } = this.context;
    const own = learner.ownShortestMs(task.model, seconds);
    if (own !== undefined && this.context.fixedEstimates !== true) return own;
    const published = estimateGeneration(seconds, task.model, this.context.estimates).minMs;
    return Math.min(published, learner.shortestMs(task.model, seconds) ?? published);
  }

  private secondsOf(task: VideoTask): number | undefined {
    return this.videoSeconds ?? secondsOf(task);
  }
}

/** When a watch that began at `watchedSinceMs` gives up: `maxWaitMs` later. */
export function watchDeadlineMs(
  { maxWaitMs }: Pick<PlannerContext, 'maxWaitMs'>,
  watchedSinceMs: number,
): number {
  return watchedSinceMs + maxWaitMs;
}

/** The server's poll hint of an answer, clamped to `minHintMs`–`maxHintMs`; `undefined` without one. */
export function clampHint(
  { pollAfterMs }: TaskResponse,
  { minHintMs, maxHintMs }: Pick<PlannerContext, 'minHintMs' | 'maxHintMs'>,
): number | undefined {
  return pollAfterMs === undefined
    ? undefined
    : Math.min(Math.max(pollAfterMs, minHintMs), maxHintMs);
}
