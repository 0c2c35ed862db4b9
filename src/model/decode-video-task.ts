import * as t from 'io-ts';
import { isRecord } from './is-record.js';
import { DEFAULT_STATUS_ALIASES, type StatusAliases } from './status-aliases.js';
import { taskExpiresAt, videoExpiredMessage } from './task-expiry.js';
import { type VideoTask, VideoTaskCodec } from './video-task.js';

/**
 * Decodes a task as a server sent it, into the shape of the contract, as the client does with
 * every answer. Pure: it returns an `Either` and never throws. Use it for a task that reaches you
 * another way: an answer stored earlier, a task your own server relays.
 *
 * Besides the documented shape it accepts what Sora-compatible gateways send instead:
 * `created_at` for `created`, `error: { code, message }` for `error`, a missing `video_url` or
 * `error`, a task nested under `detail` or `data` (in an envelope with no `status` of its own),
 * and status aliases such as `in_progress` (matched case-insensitively). A status that maps to
 * `failed` with no error message gets one naming the original status; `expired` says in plain
 * words that the video expired (when, if the task has `expires_at`) and must be generated again.
 *
 * ## Example
 * ```ts
 * const result = decodeVideoTask(JSON.parse(text));
 * if (result._tag === 'Right') render(result.right); // `in_progress` arrives as `processing`
 * ```
 *
 * @param input The task as parsed from JSON.
 * @param aliases The statuses to map to the contract's, keys in lower case.
 *   Default: {@link DEFAULT_STATUS_ALIASES}.
 * @return The task, or the decode's errors.
 */
export function decodeVideoTask(
  input: unknown,
  aliases: StatusAliases = DEFAULT_STATUS_ALIASES,
): t.Validation<VideoTask> {
  const task = normalizeWireTask(input, aliases);
  // `is` allocates nothing: a valid task, the common case, skips building the decode's results.
  return VideoTaskCodec.is(task) ? t.success(task) : VideoTaskCodec.decode(task);
}

/** The task with the gateways' variants mapped to the contract's; the input itself if none was. */
function normalizeWireTask(envelope: unknown, aliases: StatusAliases): unknown {
  const input = unwrapEnvelope(envelope);
  if (!isRecord(input)) return input;
  const created = input.created === undefined ? input.created_at : input.created;
  const video_url = input.video_url ?? null;
  let error = normalizeError(input.error);
  let status = input.status;
  if (typeof status === 'string') {
    const key = status.toLowerCase();
    // Own keys only: a status such as "constructor" must not find Object.prototype's.
    const canonical = Object.hasOwn(aliases, key) ? aliases[key] : undefined;
    if (canonical !== undefined && canonical !== status) {
      if (canonical === 'failed' && error === null) error = failedStatusError(status, input);
      status = canonical;
    }
  }
  const unchanged =
    created === input.created &&
    video_url === input.video_url &&
    error === input.error &&
    status === input.status;
  // JSON.parse makes `"__proto__"` an own key. Copied by assignment (Object.assign, io-ts's merge of
  // an intersection) it would set the copy's prototype, so no decoded task keeps it.
  const hostile = Object.hasOwn(input, '__proto__');
  if (unchanged && !hostile) return input;
  // Not a spread: V8 gives a spread copy of a parsed object a hidden class of its own (some 400 B
  // per watched task), where Object.assign's copies share one.
  const copy = Object.assign({}, hostile ? withoutProtoKey(input) : input);
  return Object.assign(copy, { created, video_url, error, status });
}

/**
 * The error of a task whose status maps to `failed` and that gave none: its status named, and
 * for `expired` (OpenRouter's, among others) the plain words of an expired video first.
 */
function failedStatusError(status: string, input: Readonly<Record<string, unknown>>): string {
  return status.toLowerCase() === 'expired'
    ? `${videoExpiredMessage(taskExpiresAt(input as VideoTask))} (status "${status}")`
    : `Task ended with status "${status}"`;
}

/** The keys under which some gateways nest the task: `{ code, detail: { id, status, … } }`. */
const ENVELOPE_KEYS = ['detail', 'data'];

/** The task a gateway nested in an envelope that has no `status` of its own; else the input. */
function unwrapEnvelope(input: unknown): unknown {
  if (!isRecord(input) || input.status !== undefined) return input;
  for (const key of ENVELOPE_KEYS) {
    const inner = Object.hasOwn(input, key) ? input[key] : undefined;
    if (isRecord(inner) && inner.status !== undefined) return inner;
  }
  return input;
}

/** `record` without its own `__proto__` key, on a prototype-free object that is safe to assign from. */
function withoutProtoKey(record: Record<string, unknown>): Record<string, unknown> {
  const safe: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(record)) if (key !== '__proto__') safe[key] = record[key];
  return safe;
}

function normalizeError(error: unknown): unknown {
  if (error === undefined) return null;
  if (isRecord(error)) {
    if (typeof error.message === 'string') return error.message;
    if (typeof error.code === 'string') return error.code;
  }
  return error;
}
