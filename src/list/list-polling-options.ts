import {
  assertDuration,
  assertKnownOptions,
  assertNonNegativeInteger,
  show,
} from '../util/assert-options.js';

/**
 * Whether `watchAll$` reads its tasks from list pages (`GET /videos`): `'auto'` finds out once
 * whether the gateway lists videos, `true` always tries, `false` never does.
 */
export type ListPollingMode = 'auto' | boolean;

/** How `watchAll$` polls many tasks with list pages. */
export interface ListPollingOptions {
  /**
   * - `'auto'`: where the client's dialect has a list (OpenAI's does; OpenRouter's and the
   *   seed's do not, and are polled task by task without asking), as soon as `watchAll$` watches
   *   two tasks or more, the first poll that needs a look asks for the newest page; a gateway that answers it with a list is polled by pages,
   *   one that answers 400, 404, 405 or 501, or with JSON that is not a list, is polled task by
   *   task from then on, and never asked again.
   * - `true`: list pages are tried whenever tasks are due; a failed list falls back to one GET
   *   per task for that poll.
   *
   * In either mode, a list that cannot be read (a page larger than `maxResponseBytes`, a 4xx, JSON
   * that is not a list) is left alone for 5 minutes, its polls sent to their own GET meanwhile.
   * - `false`: one `GET /videos/{id}` per task and poll, as `videoStatus$` does.
   * @default 'auto'
   */
  readonly mode?: ListPollingMode | undefined;
  /**
   * How long a task's state read from a list page may answer that task's next poll, in
   * milliseconds (0 to 2³¹−1): a page fetched for one task that is due also serves the other
   * tasks on it that fall due within this time. Longer spends fewer requests; a poll it serves
   * may see the task up to this much late (a page that shows a task completed or failed ends its
   * watch at once, whoever the page was for). A task never seen on a page waits up to half of
   * it before its first look, once, for other new tasks to share the newest page.
   * @default 5000
   */
  readonly maxAgeMs?: number | undefined;
  /**
   * How many videos to ask for per page (`limit`): a whole number from 1 to 100.
   * @default 100
   */
  readonly pageSize?: number | undefined;
}

/** {@link ListPollingOptions} with the defaults filled in. */
export interface ResolvedListPolling {
  readonly mode: ListPollingMode;
  readonly maxAgeMs: number;
  readonly pageSize: number;
}

/** The defaults of {@link ListPollingOptions}. */
const DEFAULT_LIST_POLLING: ResolvedListPolling = {
  mode: 'auto',
  maxAgeMs: 5_000,
  pageSize: 100,
};

/**
 * Checks the `listPolling` option (a mode, or the options), throwing a `TypeError` that names the
 * bad field, and fills in the defaults; `undefined` means the default.
 * @param hasList Whether the client's dialect has a list of tasks: without one, `'auto'` is `false`.
 */
export function resolveListPolling(
  value: ListPollingMode | ListPollingOptions | undefined,
  hasList: boolean,
): ResolvedListPolling {
  const options: ListPollingOptions =
    value === undefined || typeof value === 'boolean' || value === 'auto'
      ? { mode: value }
      : (value as ListPollingOptions);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(
      `Expected \`listPolling\` to be 'auto', true, false or an object of options, got ${show(value)}`,
    );
  }
  assertKnownOptions(options, ['mode', 'maxAgeMs', 'pageSize'], 'listPolling');
  const {
    mode = DEFAULT_LIST_POLLING.mode,
    maxAgeMs = DEFAULT_LIST_POLLING.maxAgeMs,
    pageSize = DEFAULT_LIST_POLLING.pageSize,
  } = options;
  if (mode !== 'auto' && typeof mode !== 'boolean') {
    throw new TypeError(
      `Expected \`listPolling.mode\` to be 'auto', true or false, got ${show(mode)}`,
    );
  }
  assertDuration(maxAgeMs, 'listPolling.maxAgeMs', { min: 0 });
  assertNonNegativeInteger(pageSize, 'listPolling.pageSize');
  if (pageSize < 1 || pageSize > 100) {
    throw new TypeError(
      `Expected \`listPolling.pageSize\` to be a whole number from 1 to 100, got ${show(pageSize)}`,
    );
  }
  // `'auto'` asks only a gateway whose dialect has a list; `true` is the user's and always asks.
  return { mode: mode === 'auto' && !hasList ? false : mode, maxAgeMs, pageSize };
}
