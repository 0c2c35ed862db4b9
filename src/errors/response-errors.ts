import { type RequestDescription, SoraRequestError } from './request-error.js';

/** What sora-rx knows of a response that it turned into an error. */
export interface ResponseErrorDetails extends RequestDescription {
  /** The HTTP status code. */
  readonly status: number;
  /** The server's request id (`x-request-id` and similar), for support tickets. */
  readonly requestId?: string | undefined;
  /** The start of the response body, with secrets removed. */
  readonly bodyExcerpt?: string | undefined;
  /** How long the server asked the client to wait, from `Retry-After` or `retry-after-ms`. */
  readonly retryAfterMs?: number | undefined;
}

/** The base of errors made from an HTTP response with a non-success status. */
export abstract class SoraResponseError extends SoraRequestError {
  /** The HTTP status code. */
  readonly status: number;
  /** The server's request id, if it sent one. */
  readonly requestId: string | undefined;
  /** The start of the response body, with secrets removed. */
  readonly bodyExcerpt: string | undefined;
  /** How long the server asked to wait before the next request, if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(summary: string, details: ResponseErrorDetails) {
    const excerpt = details.bodyExcerpt ? `: ${details.bodyExcerpt}` : '';
    const requestId = details.requestId ? ` (request id ${details.requestId})` : '';
    super(details, `answered ${details.status}, ${summary}${excerpt}${requestId}`);
    this.status = details.status;
    this.requestId = details.requestId;
    this.bodyExcerpt = details.bodyExcerpt;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** 401 or 403: the API key is missing, wrong or not allowed to do this. Not retried. */
export class SoraAuthError extends SoraResponseError {
  override readonly name = 'SoraAuthError' as const;
  readonly code = 'SORA_AUTH' as const;
  readonly retryable = false;

  constructor(details: ResponseErrorDetails) {
    super('check the API key', details);
  }
}

/** 404: no task with this id, or a wrong `baseUrl`. Not retried. */
export class SoraNotFoundError extends SoraResponseError {
  override readonly name = 'SoraNotFoundError' as const;
  readonly code = 'SORA_NOT_FOUND' as const;
  readonly retryable = false;

  constructor(details: ResponseErrorDetails) {
    super('not found', details);
  }
}

/** 429: the account is over its rate limit. Retried after `retryAfterMs`, when the server sent it. */
export class SoraRateLimitedError extends SoraResponseError {
  override readonly name = 'SoraRateLimitedError' as const;
  readonly code = 'SORA_RATE_LIMITED' as const;
  readonly retryable = true;
  constructor(details: ResponseErrorDetails) {
    super('rate limited', details);
  }
}

/** 5xx: the server failed. Retried with backoff. */
export class SoraServerError extends SoraResponseError {
  override readonly name = 'SoraServerError' as const;
  readonly code = 'SORA_SERVER' as const;
  readonly retryable = true;
  constructor(details: ResponseErrorDetails) {
    super('server error', details);
  }
}

/** Any other unsuccessful status, such as 400 or 422. Not retried, except 408. */
export class SoraHttpError extends SoraResponseError {
  override readonly name = 'SoraHttpError' as const;
  readonly code = 'SORA_HTTP' as const;
  readonly retryable: boolean;

  constructor(details: ResponseErrorDetails) {
    super('request rejected', details);
    this.retryable = details.status === 408;
  }
}
