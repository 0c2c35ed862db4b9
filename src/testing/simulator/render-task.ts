import { costOfOpenRouterJob } from './openrouter-models.js';
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

/** OpenRouter's statuses for the simulator's four. */
const OPENROUTER_STATUS = {
  queued: 'pending',
  processing: 'in_progress',
  completed: 'completed',
  failed: 'failed',
} as const;

/**
 * OpenRouter's shape: `id`, a relative `polling_url` and `status` (`pending`, `in_progress`, …);
 * once completed, the content URL in `unsigned_urls`, a `generation_id` and `usage`; once failed,
 * `error` as a string. It reports no times.
 */
function renderOpenRouter(task: SimulatedTask, origin: string): TaskBody {
  const path = `/v1/videos/${encodeURIComponent(task.id)}`;
  const body: TaskBody = {
    id: task.id,
    polling_url: path,
    status: task.statusOverride ?? OPENROUTER_STATUS[task.status],
  };
  if (task.status === 'completed') {
    body.generation_id = `gen-${task.id.replace(/^job-/, '')}`;
    body.unsigned_urls = [`${origin}${path}/content?index=0`];
    body.usage = { cost: costOfOpenRouterJob(task.model, task.seconds), is_byok: false };
  }
  if (task.status === 'failed') body.error = task.error?.message ?? 'Video generation failed.';
  return body;
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
  switch (dialect) {
    case 'openai':
      return renderOpenAi(task, reportedTime);
    case 'openrouter':
      return renderOpenRouter(task, origin);
    case 'seed':
      return renderSeed(task, origin, reportedTime);
  }
}
