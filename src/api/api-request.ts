import type { Dialect, TaskLocation } from '../dialects/dialect.js';
import { SoraInvalidTaskIdError } from '../errors/task-id-error.js';
import type { HttpRequest } from '../http/http-transport.js';
import { appendPath, isSafePathSegment } from '../http/url.js';
import type { ApiContext } from './api-context.js';

/**
 * The one check of a task id, wherever it comes from (a caller, a create's answer, a list page, a
 * journal): the error of an id that cannot be sent in a URL path (empty, `.`, `..`, or a lone
 * surrogate), or `undefined` for a good one. It never throws: each caller makes the error the
 * error of that task's stream.
 */
export function taskIdError(id: string): SoraInvalidTaskIdError | undefined {
  return isSafePathSegment(id) ? undefined : new SoraInvalidTaskIdError(id);
}

/**
 * Throws a `TypeError` for an id that is not a string: a caller's mistake, which the types forbid.
 * A string, good or bad, passes: {@link taskIdError} is for those.
 */
export function assertTaskIdType(id: unknown): asserts id is string {
  if (typeof id !== 'string') {
    throw new TypeError(
      `Expected \`id\` to be a task id such as "sora_abc123", got ${JSON.stringify(id) ?? String(id)}`,
    );
  }
}

/**
 * Where a task is read: the dialect's place for it, or `GET {base}/videos/{id}`. The id is checked
 * either way.
 */
export function taskLocation(api: Pick<ApiContext, 'dialect'>, id: string): TaskLocation {
  const path = videoPath(id);
  return api.dialect.taskLocation?.(id) ?? { path };
}

/**
 * The path segments of a task, for a caller's id: throws a `TypeError` for one that is not a
 * string or that {@link taskIdError} refuses.
 */
export function videoPath(id: unknown, ...rest: string[]): string[] {
  assertTaskIdType(id);
  const invalid = taskIdError(id);
  if (invalid !== undefined) throw new TypeError(invalid.message);
  return ['videos', id, ...rest];
}

/** The requests about one task that a dialect may or may not have. */
export type TaskAction = 'cancel' | 'delete';

const MEMBERS = { cancel: 'cancelRequest', delete: 'deleteRequest' } as const;

/**
 * Throws a `TypeError` naming the dialect and `caller` unless the dialect has a request for
 * `action`: checked at the call, before anything is sent.
 */
export function assertTaskAction(dialect: Dialect, action: TaskAction, caller: string): void {
  if (dialect[MEMBERS[action]] === undefined) {
    throw new TypeError(
      `The ${dialect.name} dialect has no ${action} request: ${caller} needs a dialect with \`${MEMBERS[action]}\` (see docs/gateways.md)`,
    );
  }
}

/**
 * The request of a cancel or a delete of `id`, where the dialect says it goes. The id is checked
 * first; a dialect without one, or whose answer is not a method and a path, is a `TypeError`.
 */
export function taskActionRequest(api: ApiContext, action: TaskAction, id: string): HttpRequest {
  videoPath(id);
  const member = MEMBERS[action];
  const where = api.dialect[member];
  if (where === undefined) throw new TypeError(`The ${api.dialect.name} dialect has no ${action}`);
  const { method, path, query } = where(id) ?? {};
  if (method !== 'POST' && method !== 'DELETE') {
    throw new TypeError(
      `Expected \`dialect.${member}\` to answer a method of 'POST' or 'DELETE', got ${JSON.stringify(method) ?? String(method)}`,
    );
  }
  if (!Array.isArray(path) || path.length === 0) {
    throw new TypeError(
      `Expected \`dialect.${member}\` to answer path segments such as ["videos", id]`,
    );
  }
  return createApiRequest(api, method, path, undefined, query);
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
