import type { TaskLocation } from '../dialects/dialect.js';
import type { HttpRequest } from '../http/http-transport.js';
import { appendPath, isSafePathSegment } from '../http/url.js';
import type { ApiContext } from './api-context.js';

/**
 * Where a task is read: the dialect's place for it, or `GET {base}/videos/{id}`. The id is checked
 * either way.
 */
export function taskLocation(api: Pick<ApiContext, 'dialect'>, id: string): TaskLocation {
  const path = videoPath(id);
  return api.dialect.taskLocation?.(id) ?? { path };
}

/** The path segments of a task, refusing ids that are not strings or would not stay in the path. */
export function videoPath(id: unknown, ...rest: string[]): string[] {
  if (typeof id !== 'string' || !isSafePathSegment(id)) {
    throw new TypeError(
      `Expected \`id\` to be a task id such as "sora_abc123", got ${JSON.stringify(id) ?? String(id)}`,
    );
  }
  return ['videos', id, ...rest];
}

/** A request to the API, with the client's headers. */
export function createApiRequest(
  api: ApiContext,
  method: string,
  path: readonly string[],
  body?: unknown,
  query?: Readonly<Record<string, string>>,
): HttpRequest {
  const search = query === undefined ? '' : `?${new URLSearchParams(query)}`;
  return {
    method,
    url: `${appendPath(api.baseUrl, ...path)}${search}`,
    headers:
      body === undefined ? api.headers : { ...api.headers, 'content-type': 'application/json' },
    maxBodyBytes: api.maxResponseBytes,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}
