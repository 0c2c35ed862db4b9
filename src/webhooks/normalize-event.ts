import type { StatusAliases, VideoStatus, VideoTaskEvent } from 'sora-rx';
import { isRecord } from './is-record.js';

/** The status each event type's last word means, beside the status names and their aliases. */
const EVENT_WORDS: Readonly<Record<string, VideoStatus>> = {
  generated: 'completed',
  created: 'queued',
};

/**
 * The `{ id, status }` of a webhook's JSON, from the shapes providers send, or `undefined` for an
 * event that says nothing of a video task's status. Only video events pass: a sender such as
 * OpenAI signs its batch, response, fine-tuning and eval events with the same secret, and their
 * last words (`completed`, `cancelled`, `succeeded`, `failed`) must never end a video's watch.
 * - an event whose `type` starts with `video.`, such as `video.generated`, `video.completed` or
 *   `video.failed`, with the task in `data` (`data.id`, `data.video_id` or `data.task_id`;
 *   `data.status` when the type's last word is not a status), OpenRouter's
 *   `video.generation.cancelled` and `...expired` among them (`failed` through the default
 *   aliases, as the client reads them); any other `type` (`batch.completed`,
 *   `response.cancelled`, ...) makes no event;
 * - a task as it is, `{ id, status, ... }` (the seed's shape, OpenAI's), when its `object`, if it
 *   has one, is `video` or starts with `video.`: a `batch` or `response` object makes no event.
 * Statuses go through `aliases` (keys lower case), as the client's do.
 *
 * ## Example
 * ```ts
 * normalizeWebhookEvent({ type: 'video.completed', data: { id: 'video_1' } }, DEFAULT_STATUS_ALIASES);
 * // { id: 'video_1', status: 'completed' }
 * normalizeWebhookEvent({ type: 'batch.completed', data: { id: 'batch_1' } }, DEFAULT_STATUS_ALIASES);
 * // undefined
 * ```
 */
export function normalizeWebhookEvent(
  payload: unknown,
  aliases: StatusAliases,
): VideoTaskEvent | undefined {
  if (!isRecord(payload)) return undefined;
  const toStatus = (word: unknown): VideoStatus | undefined => {
    if (typeof word !== 'string') return undefined;
    const key = word.toLowerCase();
    if (key === 'queued' || key === 'processing' || key === 'completed' || key === 'failed') {
      return key;
    }
    if (Object.hasOwn(EVENT_WORDS, key)) return EVENT_WORDS[key];
    return Object.hasOwn(aliases, key) ? aliases[key] : undefined;
  };
  if (payload.type !== undefined) {
    const { type, data } = payload;
    if (!isVideoKind(type) || !isRecord(data)) return undefined;
    const id = [data.id, data.video_id, data.task_id].find(
      (v) => typeof v === 'string' && v !== '',
    );
    const status = toStatus(type.split('.').pop()) ?? toStatus(data.status);
    return typeof id === 'string' && status !== undefined ? { id, status } : undefined;
  }
  if (payload.object !== undefined && !isVideoKind(payload.object)) return undefined;
  const status = toStatus(payload.status);
  return typeof payload.id === 'string' && payload.id !== '' && status !== undefined
    ? { id: payload.id, status }
    : undefined;
}

/** Whether an event's `type` or an object's `object` names a video: `video`, `video.<...>`. */
function isVideoKind(kind: unknown): kind is string {
  if (typeof kind !== 'string') return false;
  const lower = kind.toLowerCase();
  return lower === 'video' || lower.startsWith('video.');
}
