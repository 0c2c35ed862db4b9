import type { SimulatedTask } from './task-types.js';
import type { SoraDialect } from './types.js';

/** A task as the wire shows it. */
export type TaskBody = Record<string, unknown> & { status: string };

/** Maps a simulated time (ms since the epoch) to the time the API reports for it. */
export type ReportedTime = (simulatedMs: number) => number;

/** Unix seconds of the time the API reports for a simulated time. */
function toSeconds(simulatedMs: number, reportedTime: ReportedTime): number {
  return Math.floor(reportedTime(simulatedMs) / 1000);
}

/**
 * The URL a task's file is served at without auth. Its `expires` is the reported time of
 * `expiresAt` (simulated ms), in Unix seconds; the simulator checks the expiry on its own clock.
 */
export function videoUrlFor(
  origin: string,
  id: string,
  expiresAt: number,
  reportedTime: ReportedTime,
): string {
  const expires = toSeconds(expiresAt, reportedTime);
  return `${origin}/files/${encodeURIComponent(id)}.mp4?expires=${expires}`;
}

/** The seed contract's shape: `video.generation`, `created`, `processing`, `video_url`, `error` string. */
function renderSeed(task: SimulatedTask, origin: string, reportedTime: ReportedTime): TaskBody {
  return {
    id: task.id,
    object: 'video.generation',
    created: toSeconds(task.createdAt, reportedTime),
    model: task.model,
    status: task.statusOverride ?? task.status,
    video_url:
      task.status === 'completed' && task.expiresAt !== null
        ? videoUrlFor(origin, task.id, task.expiresAt, reportedTime)
        : null,
    error: task.status === 'failed' ? (task.error?.message ?? 'failed') : null,
  };
}

/** OpenAI's shape: `video`, `created_at`, `in_progress`, `progress`, `error` object, no URL. */
function renderOpenAi(task: SimulatedTask, reportedTime: ReportedTime): TaskBody {
  const finished = task.status === 'completed' || task.status === 'failed';
  return {
    id: task.id,
    object: 'video',
    created_at: toSeconds(task.createdAt, reportedTime),
    completed_at: finished ? toSeconds(task.finishedAt, reportedTime) : null,
    expires_at: task.expiresAt === null ? null : toSeconds(task.expiresAt, reportedTime),
    model: task.model,
    status: task.statusOverride ?? (task.status === 'processing' ? 'in_progress' : task.status),
    progress: task.progress,
    seconds: String(task.seconds),
    size: task.size,
    remixed_from_video_id: task.remixedFromVideoId ?? null,
    error: task.status === 'failed' ? task.error : null,
  };
}

/**
 * A task in the dialect's JSON shape, its times (`created`, `created_at`, `completed_at`,
 * `expires_at`, the URL's `expires`) mapped by `reportedTime` from simulated time.
 */
export function renderTask(
  dialect: SoraDialect,
  task: SimulatedTask,
  origin: string,
  reportedTime: ReportedTime,
): TaskBody {
  return dialect === 'openai'
    ? renderOpenAi(task, reportedTime)
    : renderSeed(task, origin, reportedTime);
}
