/**
 * The types of simulated tasks: their statuses, snapshots and the fields tests may set.
 * @module
 */

/**
 * Lengths of video, in seconds, that the simulator accepts: 10, 15 and 25 in the seed dialect
 * (`25` needs `sora-2-pro`), 4, 8 and 12 in OpenAI's.
 */
export type VideoSeconds = 10 | 15 | 25 | 4 | 8 | 12;

/** The four statuses a simulated task moves through, in dialect-neutral names. */
export type SimulatedStatus = 'queued' | 'processing' | 'completed' | 'failed';

/** Why a simulated task failed, as OpenAI reports it. The seed dialect shows only `message`. */
export interface SimulatedTaskError {
  /** A stable machine-readable reason, such as `moderation_blocked`. */
  readonly code: string;
  /** A sentence for humans. */
  readonly message: string;
}

/**
 * A snapshot of one simulated task, in dialect-neutral terms. Times are simulated ms since the
 * epoch, the time of `sim.now()`; the API reports them at the clock's pace (see the `clock` option).
 */
export interface SimulatedTask {
  /** The task id, such as `sora_abc123def456`, `video_…` or `job-…`. */
  readonly id: string;
  /** The model named at creation. */
  readonly model: string;
  /** The prompt given at creation. */
  readonly prompt: string;
  /** Length of the video in seconds. */
  readonly seconds: VideoSeconds;
  /** Resolution, such as `1280x720`. */
  readonly size: string;
  /** The status now. */
  readonly status: SimulatedStatus;
  /** A status string that GET answers show verbatim instead of `status`, or `null`. */
  readonly statusOverride: string | null;
  /** Percent done, 0 to 100. */
  readonly progress: number;
  /** When the task was created. */
  readonly createdAt: number;
  /** When processing starts (or started). */
  readonly startedAt: number;
  /** When the task completes or fails (or did). */
  readonly finishedAt: number;
  /** The error it fails (or will fail) with, or `null` if it completes. */
  readonly error: SimulatedTaskError | null;
  /** When the video stops being downloadable, or `null` until completed. */
  readonly expiresAt: number | null;
  /** The id of the video this one remixes, or `null`. */
  readonly remixedFromVideoId?: string | null;
}

/** Fields to set when placing a task with `sim.createTask`. Everything else is drawn. */
export interface SimulatedTaskInit {
  /** The id; by default a fresh one in the dialect's format. */
  readonly id?: string;
  /** @default 'sora-2' */
  readonly model?: string;
  /** @default 'A simulated video' */
  readonly prompt?: string;
  /** @default 10 */
  readonly seconds?: VideoSeconds;
  /** @default '1280x720' */
  readonly size?: string;
  /** Simulated ms the task stays queued. @default drawn from the generation time estimates */
  readonly queuedMs?: number;
  /** Simulated ms of processing. @default drawn from the generation time estimates */
  readonly processingMs?: number;
  /** Place the task in this status now; time moves it on from there. */
  readonly status?: SimulatedStatus;
  /** Progress to start from when `status` is `processing`. @default 0 */
  readonly progress?: number;
  /** Make the task fail (at the end of processing, or now with `status: 'failed'`). */
  readonly error?: SimulatedTaskError | string | null;
  /** Show this status string verbatim in GET answers, such as `expired` or `running`. */
  readonly statusOverride?: string | null;
  /** The id of the video this one remixes. @default null */
  readonly remixedFromVideoId?: string | null;
}

/** Changes to a task with `sim.setTask`. A new `status` rebases its timeline on the present. */
export type SimulatedTaskPatch = Omit<SimulatedTaskInit, 'id' | 'queuedMs' | 'processingMs'>;
