import type { StatusAliases, VideoStatus, VideoTaskEvent } from 'sora-rx';
import { isRecord } from './is-record.js';

/** The status each event type's last word means, beside the status names and their aliases. */
const EVENT_WORDS: Readonly<Record<string, VideoStatus>> = {
  generated: 'completed',
  created: 'queued',
};

/**
 * The `{ id, status }` of a webhook's JSON, from the shapes providers send, or `undefined` for an
 * event that says nothing of a video task's status:
 * - an event with a `type` such as `video.generated`, `video.completed` or `video.failed` and the
 *   task in `data` (`data.id`, `data.video_id` or `data.task_id`; `data.status` when the type's
 *   last word is not a status), OpenRouter's `video.generation.cancelled` and `...expired` among
 *   them (`failed` through the default aliases, as the client reads them);
 * - a task as it is, `{ id, status, ... }` (the seed's shape, OpenAI's).
 * Statuses go through `aliases` (keys lower case), as the client's do.
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
  if (typeof payload.type === 'string' && isRecord(payload.data)) {
    const { data } = payload;
    const id = [data.id, data.video_id, data.task_id].find(
      (v) => typeof v === 'string' && v !== '',
    );
    const status = toStatus(payload.type.split('.').pop()) ?? toStatus(data.status);
    return typeof id === 'string' && status !== undefined ? { id, status } : undefined;
  }
  const status = toStatus(payload.status);
  return typeof payload.id === 'string' && payload.id !== '' && status !== undefined
    ? { id: payload.id, status }
    : undefined;
}
