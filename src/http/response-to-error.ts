import {
  type ResponseErrorDetails,
  SoraAuthError,
  SoraHttpError,
  SoraNotFoundError,
  SoraRateLimitedError,
  type SoraResponseError,
  SoraServerError,
} from '../errors/response-errors.js';
import type { HttpRequest, HttpResponse } from './http-transport.js';
import { type Redactor, redactorOf } from './redact.js';
import { redactError } from './redact-error.js';
import { parseRetryAfterMs } from './server-delay-hints.js';

const EXCERPT_LENGTH = 200;
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'cf-ray'];

/** Whether the status is a success (2xx). */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * The typed error for an unsuccessful response: 401/403 auth, 404 not found, 429 rate limited,
 * 5xx server, anything else HTTP. Nothing in it holds the request's credential, in any form the
 * server may have echoed it in: not the message, the body excerpt, nor the request id.
 */
export function responseToError(req: HttpRequest, res: HttpResponse): SoraResponseError {
  const redactor = redactorOf(req.headers);
  const details: ResponseErrorDetails = {
    method: req.method,
    url: req.url,
    status: res.status,
    requestId: REQUEST_ID_HEADERS.map((name) => res.headers[name]).find((id) => id !== undefined),
    bodyExcerpt: excerptOf(res.body, redactor),
    retryAfterMs: parseRetryAfterMs(res.headers),
  };
  return redactError(errorOf(details), redactor);
}

function errorOf(details: ResponseErrorDetails): SoraResponseError {
  const { status } = details;
  if (status === 401 || status === 403) return new SoraAuthError(details);
  if (status === 404) return new SoraNotFoundError(details);
  if (status === 429) return new SoraRateLimitedError(details);
  if (status >= 500) return new SoraServerError(details);
  return new SoraHttpError(details);
}

/**
 * The readable start of an error body: the JSON error message if there is one, else plain text.
 * Redacted before it is cut, as a key cut in two would no longer match, and again once decoded
 * from JSON.
 */
function excerptOf(body: string, redactor: Redactor): string {
  const raw = redactor.redact(body);
  const text =
    jsonErrorMessage(raw) ??
    raw.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
  const collapsed = redactor.redact(text).replace(/\s+/g, ' ').trim();
  return collapsed.length > EXCERPT_LENGTH ? `${collapsed.slice(0, EXCERPT_LENGTH)}…` : collapsed;
}

function jsonErrorMessage(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { error, message } = parsed as { error?: unknown; message?: unknown };
    if (typeof error === 'string') return error;
    if (
      typeof error === 'object' &&
      error !== null &&
      'message' in error &&
      typeof error.message === 'string'
    ) {
      return error.message;
    }
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}
