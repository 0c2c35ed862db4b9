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
import { credentialOf, redactSecrets } from './redact.js';
import { parseRetryAfterMs } from './server-delay-hints.js';

const EXCERPT_LENGTH = 200;
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'cf-ray'];

/** Whether the status is a success (2xx). */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * The typed error for an unsuccessful response: 401/403 auth, 404 not found, 429 rate limited,
 * 5xx server, anything else HTTP. The body excerpt never holds the request's credential.
 */
export function responseToError(req: HttpRequest, res: HttpResponse): SoraResponseError {
  const details: ResponseErrorDetails = {
    method: req.method,
    url: req.url,
    status: res.status,
    requestId: REQUEST_ID_HEADERS.map((name) => res.headers[name]).find((id) => id !== undefined),
    // Redact before cutting: a key cut in two by the excerpt would no longer match.
    bodyExcerpt: excerptOf(redactSecrets(res.body, [credentialOf(req.headers)])),
    retryAfterMs: parseRetryAfterMs(res.headers),
  };
  if (res.status === 401 || res.status === 403) return new SoraAuthError(details);
  if (res.status === 404) return new SoraNotFoundError(details);
  if (res.status === 429) return new SoraRateLimitedError(details);
  if (res.status >= 500) return new SoraServerError(details);
  return new SoraHttpError(details);
}

/** The readable start of an error body: the JSON error message if there is one, else plain text. */
function excerptOf(body: string): string {
  const text =
    jsonErrorMessage(body) ??
    body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
  const collapsed = text.replace(/\s+/g, ' ').trim();
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
