import type * as t from 'io-ts';
import type { StatusAliases } from './status-aliases.js';
import { VideoTask } from './video-task.js';

/**
 * Decodes a task as a server sent it, into the shape of the contract. Pure: it returns an `Either`
 * and never throws.
 *
 * Besides the documented shape it accepts what Sora-compatible gateways send instead:
 * `created_at` for `created`, `error: { code, message }` for `error`, a missing `video_url` or
 * `error`, and status aliases such as `in_progress` (matched case-insensitively). A status that
 * maps to `failed` with no error message gets one naming the original status.
 */
export function decodeVideoTask(input: unknown, aliases: StatusAliases): t.Validation<VideoTask> {
  return VideoTask.decode(normalizeWireTask(input, aliases));
}

function normalizeWireTask(input: unknown, aliases: StatusAliases): unknown {
  if (!isRecord(input)) return input;
  const task: Record<string, unknown> = { ...input };
  if (task.created === undefined) task.created = task.created_at;
  task.video_url ??= null;
  task.error = normalizeError(task.error);
  if (typeof task.status === 'string') {
    const key = task.status.toLowerCase();
    // Own keys only: a status such as "constructor" must not find Object.prototype's.
    const status = Object.hasOwn(aliases, key) ? aliases[key] : undefined;
    if (status !== undefined && status !== task.status) {
      if (status === 'failed' && task.error === null) {
        task.error = `Task ended with status "${task.status}"`;
      }
      task.status = status;
    }
  }
  return task;
}

function normalizeError(error: unknown): unknown {
  if (error === undefined) return null;
  if (isRecord(error)) {
    if (typeof error.message === 'string') return error.message;
    if (typeof error.code === 'string') return error.code;
  }
  return error;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
