import type { CreateVideoParams, VideoTask } from '../index.js';

/** The name of a job that creates a task, then watches it and saves its video. */
export const CREATE_JOB = 'sora-video';
/** The name of a job that watches a task created elsewhere, then saves its video. */
export const WATCH_JOB = 'sora-watch';

/**
 * One answer of the task that was not terminal, kept for the schedule: when it came (worker clock,
 * ms) and the progress it reported, or -1 for none.
 */
export type FleetAnswer = readonly [atMs: number, progress: number];

/**
 * What a fleet job keeps in Redis between its steps. Each step reads it, sends one request, and
 * writes it back before the job is parked or finished: it is the job's whole state, so any worker
 * can run the next step.
 */
export interface FleetJobData {
  /** The create's body, for a job made by `enqueueVideo`; dropped once the task exists. */
  readonly params?: CreateVideoParams | undefined;
  /** The `Idempotency-Key` of the create, which is also the job id. */
  readonly idempotencyKey?: string | undefined;
  /** The task's id: saved right after the create, before anything else. */
  readonly taskId?: string | undefined;
  /** The task's creation on the workers' clock (ms), when a worker saw it created. */
  readonly createdAtMs?: number | undefined;
  /** The start of `maxWaitMs` (ms): the create, or the first poll of a watch. */
  readonly watchedSinceMs?: number | undefined;
  /** The video's length asked for, for the schedule. */
  readonly videoSeconds?: number | undefined;
  /** The latest answers that were not terminal, oldest first, at most a few. */
  readonly answers?: readonly FleetAnswer[] | undefined;
  /** The task as last seen. */
  readonly task?: VideoTask | undefined;
  /** Failed requests in a row, for the backoff. */
  readonly failures?: number | undefined;
}

/** What a fleet job returns: the terminal task, and where its video was saved, if it was. */
export interface FleetJobResult {
  /** The task, `completed` or `failed`. */
  readonly task: VideoTask;
  /** The video's path, when the processor saved it to a directory. */
  readonly file?: string | undefined;
}
