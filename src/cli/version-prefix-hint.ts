import type { ErrorInfo } from './describe-error.js';

/** A path segment such as `v1`, `v2beta` or `api/v3`'s `v3`: the API's version prefix. */
const VERSION_SEGMENT = /^v\d+/i;

/**
 * `error` with a hint when it is a 404 and the base URL has no version prefix (`/v1`): most
 * gateways serve their API under one, and a base URL without it answers every request 404.
 */
export function withVersionPrefixHint(error: ErrorInfo, baseUrl: string): ErrorInfo {
  if (error.code !== 'SORA_NOT_FOUND') return error;
  const segments = new URL(baseUrl).pathname.split('/');
  if (segments.some((segment) => VERSION_SEGMENT.test(segment))) return error;
  return {
    ...error,
    message: `${error.message} (the base URL ${baseUrl} has no version prefix: most gateways want one, such as https://api.example.com/v1)`,
  };
}
