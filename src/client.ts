import {
  concat,
  concatMap,
  defer,
  distinctUntilChanged,
  finalize,
  map,
  type Observable,
  type OperatorFunction,
  of,
  ReplaySubject,
  share,
  timer,
} from 'rxjs';
import type { HttpTransport } from './http/http-transport.js';
import { undiciTransport } from './http/undici-transport.js';
import { createUnrefAgent } from './http/unref-agent.js';
import { normalizeBaseUrl } from './http/url.js';
import {
  DEFAULT_STATUS_ALIASES,
  mergeStatusAliases,
  type StatusAliases,
} from './model/status-aliases.js';
import { isTerminal, VideoStatus } from './model/video-status.js';
import type { VideoTask } from './model/video-task.js';
import {
  type RetryWithBackoffOptions,
  resolveRetryOptions,
  retryWithBackoff,
} from './operators/retry-with-backoff.js';
import { assertFunction, assertKnownOptions, assertPositiveNumber } from './util/assert-options.js';
import type { ApiContext } from './video/api-context.js';
import { type CreateVideoParams, createVideo } from './video/create-video.js';
import {
  type DownloadOptions,
  type DownloadProgress,
  downloadVideo,
} from './video/download-video.js';
import { downloadOnCompletion, type VideoEvent } from './video/download-when-completed.js';
import { fetchVideoTask } from './video/fetch-video-task.js';
import {
  DEFAULT_POLL_OPTIONS,
  isSameTaskState,
  type PollOptions,
  resolvePollOptions,
  watchVideoTask,
} from './video/watch-video-task.js';

/** Options of `videoStatus$`: the cadence, time limit and retries of watching one task. */
export interface VideoStatusOptions extends PollOptions {
  /** How failed polls are retried. Merged over the client's `retry` option. */
  readonly retry?: RetryWithBackoffOptions;
}

/** Options of {@link createSoraClient}. */
export interface SoraClientOptions {
  /**
   * The API's base URL, with its version prefix, as in the OpenAI SDK.
   * In Node it defaults to the `SORA_BASE_URL` environment variable.
   * @example 'https://api.example.com/v1'
   */
  readonly baseUrl?: string;
  /**
   * The API key, sent as `Authorization: Bearer <apiKey>` to `baseUrl`'s origin and nowhere else.
   * It never appears in errors. In Node it defaults to the `SORA_API_KEY` environment variable.
   */
  readonly apiKey?: string;
  /**
   * Sends the HTTP requests.
   * @default undiciTransport()
   */
  readonly transport?: HttpTransport;
  /**
   * The time limit of one HTTP request, from sending it to reading its whole body, in milliseconds.
   * @default 60000
   */
  readonly requestTimeoutMs?: number;
  /**
   * The most bytes of a JSON response body to read; a larger body fails with `SORA_RESPONSE_TOO_LARGE`.
   * @default 1048576
   */
  readonly maxResponseBytes?: number;
  /** Default options of `videoStatus$`; each call may override them. */
  readonly poll?: VideoStatusOptions;
  /** Default retry options of every request; each call may override them. */
  readonly retry?: RetryWithBackoffOptions;
  /**
   * Extra status names a gateway sends, and the status each means. They extend
   * {@link DEFAULT_STATUS_ALIASES}, which already maps `in_progress`, `running`, `pending`,
   * `succeeded`, `expired`, `cancelled` and more.
   * @example { generating: 'processing', done: 'completed' }
   */
  readonly statusAliases?: StatusAliases;
}

/** A client of a Sora-style video API. Create one with {@link createSoraClient}. */
export interface SoraClient {
  /** The API's base URL, normalised. */
  readonly baseUrl: string;
  /**
   * One `GET /videos/{id}`: the task as it is now, decoded, with transient errors retried.
   * @param id The task id returned by the create call.
   */
  getVideo$(id: string): Observable<VideoTask>;
  /**
   * Watches a task until it is `completed` or `failed`: polls it, emits the task whenever its
   * status, progress, URL or error changes, emits the terminal task and completes.
   *
   * - A `failed` task is a value, not an error; pipe {@link throwIfFailed} to make it one.
   * - Auth errors, 404 and other 4xx end the stream at once; transient errors are retried with
   *   backoff; past `maxWaitMs` it errors with `SORA_POLL_TIMEOUT`.
   * - Subscriptions to the same id with the same options share one poll loop, and a late
   *   subscriber gets the latest task at once.
   * - Unsubscribing aborts the request in flight and clears every timer.
   *
   * ## Example
   * ```ts
   * sora.videoStatus$('sora_abc123').subscribe((task) => console.log(task.status));
   * ```
   * @param id The task id returned by the create call.
   * @param options Overrides of the client's `poll` options.
   */
  videoStatus$(id: string, options?: VideoStatusOptions): Observable<VideoTask>;
  /**
   * `POST /videos`: starts generating a video and emits the new task, normally `queued`.
   * It is retried only where the request provably never reached the server (connection refused,
   * rate limited), so a retry never creates a second job.
   * @param params The prompt, model, length and size.
   */
  createVideo$(params: CreateVideoParams): Observable<VideoTask>;
  /**
   * Creates a task, then watches it: emits the new task, each change, and the terminal task.
   * @param params The prompt, model, length and size.
   * @param options Overrides of the client's `poll` options.
   */
  generate$(params: CreateVideoParams, options?: VideoStatusOptions): Observable<VideoTask>;
  /**
   * Saves a completed task's video (or a video URL) to disk, emitting progress; the last event has
   * `done: true`. It streams in constant memory to a temporary file, checks that the file is an
   * MP4, resumes a dropped connection with `Range`, and renames the file into place only when it
   * is whole. A 403 or 410 from the video's URL fails with `SORA_VIDEO_EXPIRED`. The API key is sent
   * to `baseUrl`'s origin only, redirects included. A task without `video_url` is fetched from
   * `/videos/{id}/content`.
   *
   * ## Example
   * ```ts
   * sora.download$(task, { dir: './videos' }).subscribe((p) => console.log(p.bytes, p.totalBytes));
   * ```
   * @param source A completed task, or the URL of a video.
   * @param options Where to save it: `dir` (named after the task id) or `file`.
   */
  download$(source: VideoTask | string, options: DownloadOptions): Observable<DownloadProgress>;
  /**
   * An operator that downloads the video as soon as the task completes:
   * `sora.videoStatus$(id).pipe(sora.downloadWhenCompleted({ dir }))` emits a `task` event for
   * each task and `download` events for the file, and completes once it is saved.
   * @param options Where to save it, as for {@link SoraClient.download$}.
   */
  downloadWhenCompleted(options: DownloadOptions): OperatorFunction<VideoTask, VideoEvent>;
}

const CLIENT_OPTIONS = [
  'baseUrl',
  'apiKey',
  'transport',
  'requestTimeoutMs',
  'maxResponseBytes',
  'poll',
  'retry',
  'statusAliases',
];
const POLL_OPTIONS = ['intervalMs', 'jitter', 'maxWaitMs', 'minHintMs', 'maxHintMs', 'retry'];
const RETRY_OPTIONS = [
  'maxRetries',
  'baseDelayMs',
  'maxDelayMs',
  'maxRetryAfterMs',
  'shouldRetry',
  'random',
];

/**
 * Creates a client of a Sora-style video API. Every option is checked at once: a missing or
 * invalid one throws a `TypeError` that names it.
 *
 * ## Example
 * ```ts
 * const sora = createSoraClient({ baseUrl: 'https://gateway.example/v1', apiKey });
 * sora.videoStatus$('sora_abc123').subscribe((task) => console.log(task.status));
 * merge(...ids.map((id) => sora.videoStatus$(id))).subscribe(render);
 * ```
 */
export function createSoraClient(options: SoraClientOptions = {}): SoraClient {
  assertKnownOptions(options, CLIENT_OPTIONS, 'options');
  assertKnownOptions(options.poll, POLL_OPTIONS, 'poll');
  assertKnownOptions(options.retry, RETRY_OPTIONS, 'retry');
  assertKnownOptions(options.poll?.retry, RETRY_OPTIONS, 'poll.retry');
  const env = readEnvironment();
  const api: ApiContext = {
    baseUrl: normalizeBaseUrl(options.baseUrl ?? env.SORA_BASE_URL),
    headers: {
      authorization: `Bearer ${checkApiKey(options.apiKey ?? env.SORA_API_KEY)}`,
      accept: 'application/json',
    },
    transport: options.transport ?? undiciTransport(),
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    maxResponseBytes: options.maxResponseBytes ?? 1024 * 1024,
    statusAliases: mergeStatusAliases(
      DEFAULT_STATUS_ALIASES,
      checkStatusAliases(options.statusAliases ?? {}),
    ),
  };
  assertFunction(api.transport, 'transport');
  assertPositiveNumber(api.requestTimeoutMs, 'requestTimeoutMs');
  assertPositiveNumber(api.maxResponseBytes, 'maxResponseBytes');
  const clientRetry = options.retry ?? {};
  resolveRetryOptions(clientRetry);
  const clientPoll = options.poll ?? {};
  resolvePollOptions(clientPoll);

  const watches = new Map<string, Observable<VideoTask>>();
  let downloadAgent: ReturnType<typeof createUnrefAgent> | undefined;
  const download = {
    baseUrl: api.baseUrl,
    authorization: api.headers.authorization as string,
    dispatcher: () => (downloadAgent ??= createUnrefAgent(16)),
  };

  const getVideo$ = (id: string): Observable<VideoTask> => {
    const fetch$ = fetchVideoTask(api, id);
    return fetch$.pipe(
      retryWithBackoff(clientRetry),
      map((response) => response.task),
    );
  };

  const videoStatus$ = (
    id: string,
    callOptions: VideoStatusOptions = {},
  ): Observable<VideoTask> => {
    assertKnownOptions(callOptions, POLL_OPTIONS, 'options');
    assertKnownOptions(callOptions.retry, RETRY_OPTIONS, 'options.retry');
    const { retry: pollRetry, ...poll } = { ...clientPoll, ...callOptions };
    const retry = { ...clientRetry, ...clientPoll.retry, ...pollRetry };
    const resolvedPoll = resolvePollOptions(poll);
    resolveRetryOptions(retry);
    const fetch$ = fetchVideoTask(api, id).pipe(retryWithBackoff(retry));

    const key = shareKey(id, callOptions);
    if (key === undefined) return watchVideoTask(id, fetch$, resolvedPoll);
    const existing = watches.get(key);
    if (existing !== undefined) return existing;
    const shared = defer(() => watchVideoTask(id, fetch$, resolvedPoll)).pipe(
      finalize(() => watches.delete(key)),
      share({ connector: () => new ReplaySubject<VideoTask>(1), resetOnRefCountZero: true }),
    );
    watches.set(key, shared);
    return shared;
  };

  const createVideo$ = (params: CreateVideoParams) =>
    createVideo(api, params, resolveRetryOptions(clientRetry));

  const generate$ = (
    params: CreateVideoParams,
    callOptions: VideoStatusOptions = {},
  ): Observable<VideoTask> => {
    const { intervalMs = DEFAULT_POLL_OPTIONS.intervalMs } = { ...clientPoll, ...callOptions };
    return createVideo$(params).pipe(
      concatMap((created) =>
        isTerminal(created.status)
          ? of(created)
          : concat(
              of(created),
              timer(intervalMs).pipe(concatMap(() => videoStatus$(created.id, callOptions))),
            ),
      ),
      distinctUntilChanged(isSameTaskState),
    );
  };

  const download$ = (source: VideoTask | string, options: DownloadOptions) =>
    downloadVideo(download, source, options);

  const downloadWhenCompleted = (options: DownloadOptions) =>
    downloadOnCompletion((task) => download$(task, options));

  return {
    baseUrl: api.baseUrl,
    getVideo$,
    videoStatus$,
    createVideo$,
    generate$,
    download$,
    downloadWhenCompleted,
  };
}

/** The key under which watches share one poll loop, or `undefined` when options hold functions. */
function shareKey(id: string, options: VideoStatusOptions): string | undefined {
  let hasFunction = false;
  const json = JSON.stringify(options, (_key, value: unknown) => {
    if (typeof value === 'function') hasFunction = true;
    return value;
  });
  return hasFunction ? undefined : `${id}\u0000${json}`;
}

function readEnvironment(): Record<string, string | undefined> {
  return typeof process === 'undefined' ? {} : process.env;
}

function checkApiKey(apiKey: unknown): string {
  // The message never shows the value: it may be a real key in the wrong place.
  if (typeof apiKey !== 'string' || apiKey === '') {
    throw new TypeError(
      'Expected `apiKey` to be a non-empty string: pass `apiKey` or set SORA_API_KEY',
    );
  }
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new TypeError('Expected `apiKey` to hold only printable ASCII characters without spaces');
  }
  return apiKey;
}

function checkStatusAliases(aliases: unknown): StatusAliases {
  assertKnownOptions(aliases, Object.keys(aliases ?? {}), 'statusAliases');
  for (const [alias, status] of Object.entries(aliases as object)) {
    if (!VideoStatus.is(status)) {
      throw new TypeError(
        `Expected \`statusAliases.${alias}\` to be one of queued, processing, completed, failed, got ${JSON.stringify(status)}`,
      );
    }
  }
  return aliases as StatusAliases;
}
