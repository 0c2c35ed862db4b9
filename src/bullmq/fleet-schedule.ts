import {
  type PollSchedule,
  parseHttpDate,
  TaskPlanner,
  type TaskResponse,
  taskAgeMs,
} from '../core-for-fleet.js';
import type { VideoTask } from '../index.js';
import type { FleetAnswer, FleetJobData } from './fleet-job.js';

/** How many answers a job keeps for its schedule: the progress forecast reads the latest ones. */
export const KEPT_ANSWERS = 16;

/** What the schedule decided after one answer. */
export interface FleetPlan {
  /** Whether the task is terminal. */
  readonly done: boolean;
  /**
   * When to poll next, on the worker's clock: the planner's wait after the answer, or its
   * deadline if that comes first.
   */
  readonly nextPollAtMs: number;
  /** When the watch gives up (`maxWaitMs` from its start), on the worker's clock. */
  readonly deadlineAtMs: number;
  /** The answers to keep in the job, this one included when it was not terminal. */
  readonly answers: readonly FleetAnswer[];
  /** The task's creation on the workers' clock, when known. */
  readonly createdAtMs: number | undefined;
}

/**
 * The schedule of `videoStatus$` for a task whose watch is spread over many activations, maybe on
 * many workers: the same {@link TaskPlanner} is rebuilt from the answers the job kept (replayed on
 * their own times), shown the new answer, and asked for the next poll and the deadline.
 * @param schedule The poll options, resolved, and what this worker learned.
 * @param data The job's state before this answer.
 * @param response The answer.
 * @param nowMs When it came, on the worker's clock.
 */
export function planFleetPoll(
  schedule: PollSchedule,
  data: FleetJobData,
  response: TaskResponse,
  nowMs: number,
): FleetPlan {
  let clock = nowMs;
  const context = { ...schedule.planner, now: () => clock };
  const videoSeconds = schedule.options.videoSeconds ?? data.videoSeconds;
  const planner = new TaskPlanner(
    context,
    videoSeconds,
    data.createdAtMs,
    data.watchedSinceMs ?? nowMs,
  );
  const kept = data.answers ?? [];
  for (const [atMs, progress] of kept) {
    clock = atMs;
    planner.observe({ task: replayedTask(response.task, progress), pollAfterMs: undefined });
  }
  clock = nowMs;
  const done = planner.observe(response);
  const createdAtMs = data.createdAtMs ?? firstSeenCreation(response, nowMs);
  const { deadlineAtMs } = planner;
  if (done) return { done, nextPollAtMs: nowMs, deadlineAtMs, answers: kept, createdAtMs };
  const answer: FleetAnswer = [nowMs, response.task.progress ?? -1];
  return {
    done,
    nextPollAtMs: Math.min(nowMs + planner.nextPollMs(response), deadlineAtMs),
    deadlineAtMs,
    answers: [...kept, answer].slice(-KEPT_ANSWERS),
    createdAtMs,
  };
}

/** A past answer as the planner saw it: the same task, with that answer's status and progress. */
function replayedTask(task: VideoTask, progress: number): VideoTask {
  const { progress: _, ...rest } = task;
  return progress < 0 ? { ...rest, status: 'queued' } : { ...rest, status: 'processing', progress };
}

/** The creation of a task first seen by a watch, from its `created` and the server's clock. */
function firstSeenCreation(response: TaskResponse, nowMs: number): number | undefined {
  const age = taskAgeMs(response.task.created, parseHttpDate(response.serverDate), nowMs);
  return age === undefined ? undefined : nowMs - age;
}

/**
 * When a job polls next while the list sweeps of its queue run: the sweeps are then its cheap
 * look, and its own GET a safety net, sent between three quarters and the whole of `safetyNetMs`
 * from now (spread, so that the GETs of jobs parked together do not come together), never sooner
 * than the planner asks and never past the deadline. Without sweeps, the planner's time.
 * @param plan The planner's decision after the answer.
 * @param safetyNetMs The sweeps' safety net, or `undefined` when they do not run.
 * @param nowMs When the answer came, on the worker's clock.
 * @param random A number in [0, 1).
 */
export function sweptPollAtMs(
  plan: Pick<FleetPlan, 'nextPollAtMs' | 'deadlineAtMs'>,
  safetyNetMs: number | undefined,
  nowMs: number,
  random: () => number,
): number {
  if (safetyNetMs === undefined) return plan.nextPollAtMs;
  const safetyNetAtMs = nowMs + safetyNetMs * (0.75 + 0.25 * random());
  return Math.min(plan.deadlineAtMs, Math.max(plan.nextPollAtMs, safetyNetAtMs));
}
