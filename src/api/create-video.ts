import { map, type Observable } from 'rxjs';
import { isSoraError } from '../errors/is-sora-error.js';
import { sendRequest } from '../http/send-request.js';
import { type RetryWithBackoffOptions, retryWithBackoff } from '../operators/retry-with-backoff.js';
import { assertKnownOptions } from '../util/assert-options.js';
import type { ApiContext } from './api-context.js';
import { createApiRequest } from './api-request.js';
import { readTaskResponse, type TaskResponse } from './task-response.js';

/** What to generate: the body of `POST /videos`. */
export interface CreateVideoParams {
  /** What the video shows. */
  readonly prompt: string;
  /**
   * The model to generate with.
   * @default 'sora-2'
   */
  readonly model?: string;
  /** The video's length in seconds, such as 10, 15 or 25 (25 with `sora-2-pro` only). */
  readonly seconds?: number | string;
  /** The video's size, width by height, such as `1280x720`. */
  readonly size?: string;
  /**
   * Where the gateway should send this task's webhooks, sent as `webhook_url`; only for gateways
   * that take one. Overrides the client's `webhookUrl`.
   */
  readonly webhookUrl?: string | undefined;
}

/** The connection failures that prove a request never reached the server. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Whether a failed create may be sent again without risking a second job: the connection was
 * refused or never made, or the server refused it for the rate limit. `createVideo$` retries
 * these itself; once its retries run out, this tells an app whether to queue the create again or
 * to look for the task first. It is narrower than `retryable`, which speaks of any request: a 5xx
 * or a timeout is retryable for a poll, but the server may have made the task.
 *
 * ## Example
 * ```ts
 * sora.createVideo$(params).pipe(
 *   catchError((error) => (isSafeToResendCreate(error) ? retryLater(params) : throwError(() => error))),
 * );
 * ```
 */
export function isSafeToResendCreate(error: unknown): boolean {
  if (isSoraError(error, 'SORA_RATE_LIMITED')) return true;
  return (
    isSoraError(error, 'SORA_NETWORK') &&
    error.causeCode !== undefined &&
    NEVER_SENT.has(error.causeCode)
  );
}

/**
 * `POST /videos`: creates a task and emits it, as the server answered (normally `queued`), with
 * the server's hints. It is retried only where the request provably never reached the server, so
 * a retry never creates a second job. An answer that is not a task is decoded after the retries,
 * and fails with a `SORA_DECODE` that is not retryable: the server may have created the task.
 * With `idempotencyKey`, it is sent as `Idempotency-Key`: a server that honours it answers a
 * repeated key with the task of the first request instead of creating another.
 */
export function createVideo(
  api: ApiContext,
  params: CreateVideoParams,
  retry: RetryWithBackoffOptions,
  idempotencyKey?: string,
): Observable<TaskResponse> {
  const body = checkCreateParams(params);
  const plain = createApiRequest(api, 'POST', ['videos'], body);
  const req =
    idempotencyKey === undefined
      ? plain
      : { ...plain, headers: { ...plain.headers, 'idempotency-key': idempotencyKey } };
  return sendRequest(api.transport, req).pipe(
    retryWithBackoff({ ...retry, shouldRetry: isSafeToResendCreate }),
    map((res) => readTaskResponse(req, res, api)),
  );
}

/** Throws a `TypeError` naming the option unless `url` is an absolute http(s) URL. */
export function assertWebhookUrl(url: unknown, name: string): asserts url is string {
  const parsed = typeof url === 'string' && URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw new TypeError(`Expected \`${name}\` to be an absolute http(s) URL`);
  }
}

/** Checks the body of `POST /videos`, throwing a `TypeError` that names the bad field. */
export function checkCreateParams(params: CreateVideoParams): Record<string, unknown> {
  assertKnownOptions(params, ['prompt', 'model', 'seconds', 'size', 'webhookUrl'], 'params');
  const { prompt, model = 'sora-2', seconds, size, webhookUrl } = params;
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    throw new TypeError('Expected `prompt` to be a non-empty string');
  }
  if (typeof model !== 'string' || model.trim() === '') {
    throw new TypeError(
      `Expected \`model\` to be a model name such as "sora-2", got ${JSON.stringify(model)}`,
    );
  }
  if (seconds !== undefined && !/^[1-9]\d*$/.test(String(seconds))) {
    throw new TypeError(
      `Expected \`seconds\` to be a whole number of seconds such as 10, got ${JSON.stringify(seconds)}`,
    );
  }
  if (webhookUrl !== undefined) assertWebhookUrl(webhookUrl, 'webhookUrl');
  if (size !== undefined && (typeof size !== 'string' || !/^\d+x\d+$/.test(size))) {
    throw new TypeError(
      `Expected \`size\` to be width x height such as "1280x720", got ${JSON.stringify(size)}`,
    );
  }
  return {
    model,
    prompt,
    ...(seconds === undefined ? {} : { seconds }),
    ...(size === undefined ? {} : { size }),
    ...(webhookUrl === undefined ? {} : { webhook_url: webhookUrl }),
  };
}
