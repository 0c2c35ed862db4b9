import type { ServerResponse } from 'node:http';
import { type Observable, Subject } from 'rxjs';
import { DEFAULT_STATUS_ALIASES, type StatusAliases, type VideoTaskEvent } from 'sora-rx';
import { normalizeWebhookEvent } from './normalize-event.js';
import { readRawBody, tooLarge, type WebhookRequest } from './read-raw-body.js';
import {
  DEFAULT_WEBHOOK_RECEIVER_OPTIONS,
  type WebhookReceiverOptions,
} from './receiver-options.js';
import { SeenIds } from './seen-ids.js';
import { createOpenRouterVerifier } from './verify-openrouter.js';
import { createWebhookVerifier, type WebhookHeaders } from './verify-webhook.js';
import { SoraWebhookError } from './webhook-error.js';

/** What the receiver made of one webhook. */
export interface WebhookOutcome {
  /**
   * The HTTP status to answer: 204 taken (or seen before, or of another kind), 400 refused, 413
   * too large, 408 (from the handler only) a body that did not all come within `bodyTimeoutMs`.
   */
  readonly status: 204 | 400 | 408 | 413;
  /** The event it emitted, if any: none for a refused webhook, a duplicate, or another kind. */
  readonly event?: VideoTaskEvent | undefined;
  /** Why it was refused, if it was. */
  readonly error?: SoraWebhookError | undefined;
}

/** A receiver of signed webhooks: a Node handler, and the events it took. */
export interface WebhookReceiver {
  /**
   * Every task event of a webhook that passed, each message once: give it to the client's
   * `events` option. Hot: it emits to whoever listens at the time.
   */
  readonly events$: Observable<VideoTaskEvent>;
  /**
   * A `(req, res)` handler for `node:http`, Express (mounted before any JSON body parser, or after
   * `express.raw()`) and NestJS (`rawBody: true`). It answers 204 to a webhook that passed or was
   * seen before, 400 to one unsigned, badly signed, outside the 5-minute tolerance or not JSON,
   * 413 to one larger than `maxBodyBytes`, 408 to one whose body did not all come within
   * `bodyTimeoutMs`, 405 to any method but POST. An answer sent before the whole body was read
   * (413, 408) says `connection: close` and the connection is closed once it is written: the rest
   * of the body is never read. The answer goes out before the event is emitted.
   */
  readonly handler: (req: WebhookRequest, res: ServerResponse) => void;
  /**
   * Checks one webhook given its raw body and headers, emits its event if new and returns the
   * status to answer: for frameworks that hand over the raw body in their own way. A body over
   * `maxBodyBytes` is refused (413) before its signature is checked.
   */
  handle(body: string | Uint8Array, headers: WebhookHeaders): WebhookOutcome;
}

/**
 * Receives Standard Webhooks of video tasks: checks each one's signature with the
 * `standardwebhooks` package (constant time, several signatures for key rotation, a 5-minute
 * timestamp tolerance), refuses it with 400 and emits nothing when it does not hold, drops a
 * message seen before by its `webhook-id`, and emits `{ id, status }` normalised from the shapes
 * providers send (`video.generated`, `video.completed`, `video.failed` with the task in `data`;
 * a task posted as it is). Only video events pass: a valid webhook of another kind
 * (`batch.completed`, `response.cancelled`, `fine_tuning.job.succeeded`, ...) is answered 204 and
 * dropped, so the sender does not retry it and no watch ends on it. A body over `maxBodyBytes` is
 * refused at every entry point, and the handler's body has a deadline (`bodyTimeoutMs`). With
 * `scheme: 'openrouter'` it checks OpenRouter's `X-OpenRouter-Signature` instead, with the same
 * guarantees, and reads its `video.generation.completed|failed|cancelled|expired` events
 * (`cancelled` and `expired` as `failed`).
 *
 * ## Example
 * ```ts
 * const receiver = createWebhookReceiver({ secret: process.env.SORA_WEBHOOK_SECRET! });
 * http.createServer(receiver.handler).listen(8080);
 * const sora = createSoraClient({ events: receiver.events$ });
 * ```
 *
 * @param options The secret, the signing scheme, and limits.
 * @throws TypeError naming the option that is bad (never showing the secret): a secret shorter
 *   than 16 bytes once decoded is refused.
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const { secret, onRejected } = options;
  const scheme = options.scheme ?? DEFAULT_WEBHOOK_RECEIVER_OPTIONS.scheme;
  if (scheme !== 'standard-webhooks' && scheme !== 'openrouter') {
    throw new TypeError("Expected `scheme` to be 'standard-webhooks' or 'openrouter'");
  }
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new TypeError('Expected `secret` to be a signing secret, or a list of them');
  }
  const verify =
    scheme === 'openrouter' ? createOpenRouterVerifier(secrets) : createWebhookVerifier(secrets);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_WEBHOOK_RECEIVER_OPTIONS.maxBodyBytes;
  assertWholeNumber(maxBodyBytes, 'maxBodyBytes');
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_WEBHOOK_RECEIVER_OPTIONS.bodyTimeoutMs;
  assertWholeNumber(bodyTimeoutMs, 'bodyTimeoutMs', MAX_TIMER_MS);
  const rememberIds = options.rememberIds ?? DEFAULT_WEBHOOK_RECEIVER_OPTIONS.rememberIds;
  assertWholeNumber(rememberIds, 'rememberIds');
  if (onRejected !== undefined && typeof onRejected !== 'function') {
    throw new TypeError('Expected `onRejected` to be a function');
  }
  const aliases = lowerCaseAliases(options.statusAliases ?? {});
  const seen = new SeenIds(rememberIds);
  const events = new Subject<VideoTaskEvent>();

  /** Checks a webhook; the event to emit once it is answered, if any. */
  const check = (body: string | Uint8Array, headers: WebhookHeaders): WebhookOutcome => {
    try {
      if (byteLength(body) > maxBodyBytes) throw tooLarge(maxBodyBytes);
      const { id, payload } = verify(body, headers);
      if (!seen.add(id)) return { status: 204 };
      return { status: 204, event: normalizeWebhookEvent(payload, aliases) };
    } catch (error) {
      return reject(error);
    }
  };
  const reject = (error: unknown): WebhookOutcome => {
    if (!(error instanceof SoraWebhookError)) throw error;
    onRejected?.(error);
    return { status: error.statusCode, error };
  };

  const handle = (body: string | Uint8Array, headers: WebhookHeaders): WebhookOutcome => {
    const outcome = check(body, headers);
    if (outcome.event !== undefined) events.next(outcome.event);
    return outcome;
  };

  const handler = (req: WebhookRequest, res: ServerResponse): void => {
    if (req.method !== 'POST') {
      // Decided once the answer is out: a body of a request refused at once is never read.
      res.writeHead(405, { allow: 'POST' }).end(() => closeUnread(req));
      return;
    }
    readRawBody(req, { maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs }).then(
      (body) => {
        const outcome = check(body, req.headers);
        answer(req, res, outcome);
        if (outcome.event !== undefined) events.next(outcome.event);
      },
      (error: unknown) => {
        answer(req, res, reject(error instanceof SoraWebhookError ? error : readFailure()));
      },
    );
  };

  return { events$: events.asObservable(), handler, handle };
}

/** The largest delay a Node timer takes, in ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Answers a webhook: no body when taken, the reason as text when refused. An answer sent before
 * the body was all read closes the connection, so that the rest is never read.
 */
function answer(req: WebhookRequest, res: ServerResponse, outcome: WebhookOutcome): void {
  if (res.headersSent || res.destroyed) {
    closeUnread(req);
    return;
  }
  const { status, error } = outcome;
  const headers = closeIfUnread(req);
  const done = (): void => closeUnread(req);
  if (error === undefined) res.writeHead(status, headers).end(done);
  else {
    res
      .writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
      .end(error.message, done);
  }
}

/** `connection: close` when the request's body was not all read, so the sender sends no more. */
function closeIfUnread(req: WebhookRequest): Record<string, string> {
  return req.complete ? {} : { connection: 'close' };
}

/** Closes the connection of a request whose body was not all read: it is never read now. */
function closeUnread(req: WebhookRequest): void {
  if (!req.complete) req.socket?.destroy();
}

/** The length of a body in bytes, as it was sent (a string as UTF-8). */
function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
}

function readFailure(): SoraWebhookError {
  return new SoraWebhookError('bad-body', 400, 'The webhook body could not be read');
}

function assertWholeNumber(value: unknown, name: string, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? 'of at least 1' : `from 1 to ${max}`;
    throw new TypeError(`Expected \`${name}\` to be a whole number ${range}, got ${String(value)}`);
  }
}

function lowerCaseAliases(extra: StatusAliases): StatusAliases {
  const merged: Record<string, StatusAliases[string]> = Object.create(null);
  for (const table of [DEFAULT_STATUS_ALIASES, extra]) {
    for (const [alias, status] of Object.entries(table)) merged[alias.toLowerCase()] = status;
  }
  return merged;
}
