import { map, type Observable } from 'rxjs';
import type { Dialect } from '../dialects/dialect.js';
import { isSoraError } from '../errors/is-sora-error.js';
import type { HttpRequest } from '../http/http-transport.js';
import { sendRequest } from '../http/send-request.js';
import { type RetryWithBackoffOptions, retryWithBackoff } from '../operators/retry-with-backoff.js';
import type { ApiContext } from './api-context.js';
import { createApiRequest } from './api-request.js';
import { type CreateVideoParams, checkCreateParams } from './create-params.js';
import { readTaskResponse, type TaskResponse } from './task-response.js';

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
 * The create request of the client's dialect: its path (the dialect's remix path for a create
 * with `remixOf`) and its body, from checked params, with `Idempotency-Key` when there is a key.
 * Throws a `TypeError` naming a bad param, or what the dialect does not take, before anything is
 * sent.
 */
export function createVideoRequest(
  api: ApiContext,
  params: CreateVideoParams,
  idempotencyKey?: string,
): HttpRequest {
  const { dialect } = api;
  const checked = checkCreateParams(params);
  const plain = createApiRequest(
    api,
    'POST',
    checked.remixOf === undefined ? [...dialect.createPath] : remixPath(dialect, checked.remixOf),
    dialect.createBody(checked),
  );
  return idempotencyKey === undefined
    ? plain
    : { ...plain, headers: { ...plain.headers, 'idempotency-key': idempotencyKey } };
}

/** Where the dialect sends a remix of `id`, or a `TypeError` for a dialect that does not remix. */
function remixPath(dialect: Dialect, id: string): string[] {
  if (dialect.remixPath === undefined) {
    throw new TypeError(
      `The ${dialect.name} dialect cannot remix: \`remixOf\` needs a gateway that remixes videos (openai)`,
    );
  }
  return [...dialect.remixPath(id)];
}

/**
 * `POST /videos` (or the dialect's create path, or its remix path): creates a task and emits it, as the server answered (normally `queued`), with
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
  const req = createVideoRequest(api, params, idempotencyKey);
  return sendRequest(api.transport, req).pipe(
    retryWithBackoff({ ...retry, shouldRetry: isSafeToResendCreate }),
    map((res) => readTaskResponse(req, res, api)),
  );
}
