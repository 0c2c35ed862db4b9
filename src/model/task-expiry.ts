import type { VideoTask } from './video-task.js';

/**
 * When a task's video expires, in ms since the epoch, where the gateway reports it: OpenAI's shape
 * sends `expires_at` in Unix seconds. The field comes from the server untouched, so only a finite
 * positive number counts; anything else (a string, `null`, a missing field, as from OpenRouter's
 * and the seed's shapes) gives `undefined`, never a guess.
 *
 * ## Example
 * ```ts
 * const expiresAt = taskExpiresAt(task);
 * if (expiresAt !== undefined) console.log(`download before ${new Date(expiresAt).toISOString()}`);
 * ```
 *
 * @param task A task as sora-rx decoded it, with the fields the server sent beyond its type.
 * @return The time its video expires, in ms since the epoch, or `undefined` when not reported.
 */
export function taskExpiresAt(task: VideoTask): number | undefined {
  const seconds = (task as Readonly<Record<string, unknown>>).expires_at;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? seconds * 1000
    : undefined;
}

/**
 * The plain words for a video that expired: when, if known (ms since the epoch), and what to do.
 * The same for a download refused by `expires_at` and a task that ended with status `expired`.
 */
export function videoExpiredMessage(expiresAt?: number): string {
  const when = expiresAt === undefined ? '' : ` at ${new Date(expiresAt).toISOString()}`;
  return `The video expired${when}; gateways keep a video about a day. Generate it again.`;
}

/** Whether a message is the one of {@link videoExpiredMessage}: the video is gone. */
export function isVideoExpiredMessage(message: string | null | undefined): boolean {
  return message?.startsWith('The video expired') === true;
}
