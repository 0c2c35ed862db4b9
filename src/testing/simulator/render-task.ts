import type { SimulatedTask } from './task-types.js';
import type { SoraDialect } from './types.js';

/** A task as the wire shows it. */
export type TaskBody = Record<string, unknown> & { status: string };

/** The URL a task's file is served at without auth, valid until `expiresAt` (simulated ms). */
export function videoUrlFor(origin: string, id: string, expiresAt: number): string {
  const expires = Math.floor(expiresAt / 1000);
  return `${origin}/files/${encodeURIComponent(id)}.mp4?expires=${expires}`;
}

const toSeconds = (ms: number): number => Math.floor(ms / 1000);

/** The seed contract's shape: `video.generation`, `created`, `processing`, `video_url`, `error` string. */
function renderSeed(task: SimulatedTask, origin: string): TaskBody {
  return {
    id: task.id,
    object: 'video.generation',
    created: toSeconds(task.createdAt),
    model: task.model,
    status: task.statusOverride ?? task.status,
    video_url:
      task.status === 'completed' && task.expiresAt !== null
        ? videoUrlFor(origin, task.id, task.expiresAt)
        : null,
    error: task.status === 'failed' ? (task.error?.message ?? 'failed') : null,
  };
}

/** OpenAI's shape: `video`, `created_at`, `in_progress`, `progress`, `error` object, no URL. */
function renderOpenAi(task: SimulatedTask): TaskBody {
  const finished = task.status === 'completed' || task.status === 'failed';
  return {
    id: task.id,
    object: 'video',
    created_at: toSeconds(task.createdAt),
    completed_at: finished ? toSeconds(task.finishedAt) : null,
    expires_at: task.expiresAt === null ? null : toSeconds(task.expiresAt),
    model: task.model,
    status: task.statusOverride ?? (task.status === 'processing' ? 'in_progress' : task.status),
    progress: task.progress,
    seconds: String(task.seconds),
    size: task.size,
    remixed_from_video_id: null,
    error: task.status === 'failed' ? task.error : null,
  };
}

/** A task in the dialect's JSON shape. */
export function renderTask(dialect: SoraDialect, task: SimulatedTask, origin: string): TaskBody {
  return dialect === 'openai' ? renderOpenAi(task) : renderSeed(task, origin);
}
