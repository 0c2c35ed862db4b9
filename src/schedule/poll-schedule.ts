import type { Observable, SchedulerLike } from 'rxjs';
import type { TaskResponse } from '../api/task-response.js';
import type { GenerationLearner } from './generation-learner.js';
import type { ResolvedPollOptions } from './poll-options.js';
import { clampHint, type KnownTask, type PlannerContext, TaskPlanner } from './task-planner.js';

/**
 * How the watches of one set of options schedule their polls: made once, shared by them all. It
 * makes each watch its {@link TaskPlanner}, the one place that decides when to poll next and when
 * to give up, for `videoStatus$`, `generate$` and the fleet alike.
 */
export interface PollSchedule {
  readonly options: ResolvedPollOptions;
  /** What each watch's {@link TaskPlanner} reads. */
  readonly planner: PlannerContext;
  /** The scheduler of every timer. */
  readonly scheduler: SchedulerLike;
  /**
   * What makes a waiting poll ask its planner again: what the client learns of the gateway's
   * times, for the schedules that read it; `undefined` for a fixed interval.
   */
  readonly replan: Observable<void> | undefined;
  /**
   * The server's poll hint of an answer (`openai-poll-after-ms`, `Retry-After`), clamped to
   * `minHintMs`–`maxHintMs`: one function for every watch of these options, so that a watch's
   * poll loop holds it without a closure of its own.
   */
  readonly hintMs: (response: TaskResponse) => number | undefined;
  /**
   * The planner of one watched task.
   * @param known What the caller knows of the task beyond its fields.
   * @param watchedSinceMs Since when the task is watched, on the client's clock: `maxWaitMs`
   *   counts from there. By default the task's known creation, or now.
   */
  planTask(known: KnownTask, watchedSinceMs?: number): TaskPlanner;
}

/** What a client gives every schedule: its clock, its randomness and what it learned. */
export interface ScheduleEnvironment {
  /** The client's scheduler: its clock and its timers. */
  readonly scheduler: SchedulerLike;
  /** What the client learned of the gateway's generation times. */
  readonly learner: GenerationLearner;
  /** The source of jitter, in [0, 1). */
  readonly random: () => number;
  /** Whether the client hears pushed events: then the schedule is the safety net's. */
  readonly pushed?: boolean | undefined;
}

/** The schedule of a set of poll options, in a client's environment. */
export function createPollSchedule(
  options: ResolvedPollOptions,
  { scheduler, learner, random, pushed = false }: ScheduleEnvironment,
): PollSchedule {
  const planner: PlannerContext = {
    intervalMs: options.intervalMs,
    safetyIntervalMs: pushed && !options.fixedInterval ? options.safetyIntervalMs : undefined,
    pushed,
    jitter: options.jitter,
    fixedInterval: options.fixedInterval,
    ageAware: options.ageAware,
    estimates: options.generationEstimates,
    fixedEstimates: options.fixedEstimates,
    maxWaitMs: options.maxWaitMs,
    minHintMs: options.minHintMs,
    maxHintMs: options.maxHintMs,
    learner,
    now: () => scheduler.now(),
    random,
  };
  // Only the default schedule changes its mind when the client learns the gateway's times; the
  // safety net of pushed events always listens, as its shortest wait is the learned time.
  const replan =
    pushed || (!options.fixedInterval && options.ageAware) ? learner.changes : undefined;
  return {
    options,
    scheduler,
    planner,
    replan,
    hintMs: (response) => clampHint(response, planner),
    planTask: (known, watchedSinceMs) =>
      new TaskPlanner(
        planner,
        known.videoSeconds ?? options.videoSeconds,
        known.createdAtMs,
        watchedSinceMs,
      ),
  };
}
