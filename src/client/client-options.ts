import { asyncScheduler, isObservable, type Observable, type SchedulerLike } from 'rxjs';
import { platform } from '#platform';
import type { ApiContext } from '../api/api-context.js';
import { assertWebhookUrl } from '../api/create-video.js';
import type { HttpTransport } from '../http/http-transport.js';
import { rateLimitedTransport } from '../http/rate-limited-transport.js';
import { withRequestTimeout } from '../http/timeout-transport.js';
import { normalizeBaseUrl } from '../http/url.js';
import { assertJournal } from '../journal/assert-journal.js';
import type { Journal } from '../journal/journal.js';
import {
  type ListPollingMode,
  type ListPollingOptions,
  type ResolvedListPolling,
  resolveListPolling,
} from '../list/list-polling-options.js';
import {
  DEFAULT_STATUS_ALIASES,
  mergeStatusAliases,
  type StatusAliases,
} from '../model/status-aliases.js';
import { VideoStatus } from '../model/video-status.js';
import type { VideoTaskEvent } from '../model/video-task-event.js';
import {
  createRateLimiter,
  type RateLimiter,
  type RateLimiterOptions,
} from '../operators/rate-limiter.js';
import {
  DEFAULT_RETRY_OPTIONS,
  type ResolvedRetryOptions,
  type RetryWithBackoffOptions,
  resolveRetryOptions,
} from '../operators/retry-with-backoff.js';
import {
  POLL_OPTION_NAMES,
  type PollOptions,
  resolvePollOptions,
} from '../schedule/poll-options.js';
import {
  assertCount,
  assertDuration,
  assertFunction,
  assertKnownOptions,
  assertPositiveNumber,
} from '../util/assert-options.js';

/** Options of `videoStatus$`: the cadence, time limit and retries of watching one task. */
export interface VideoStatusOptions extends PollOptions {
  /** How failed polls are retried. Merged over the client's `retry` option. */
  readonly retry?: RetryWithBackoffOptions | undefined;
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
   * @default undiciTransport() in Node, fetchTransport() elsewhere
   */
  readonly transport?: HttpTransport;
  /**
   * The time limit of one HTTP request, from sending it to reading its whole body, in milliseconds:
   * from 1 to 2³¹−1 (the longest a timer holds).
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
  /**
   * One budget for every request of the client (polls, creates and the start of each download),
   * however many tasks it watches, and one of its own for the downloads running at once. Every
   * field left out or `undefined` takes its default; without the option, requests are not limited
   * but by the pause below, and downloads by `maxDownloads` alone.
   *
   * - A 429 to any API request (a download's excepted) pauses every request of the client, with or
   *   without this option, for the server's `Retry-After` clamped to `retry.maxRetryAfterMs` (1 s
   *   when it says nothing); then it resumes without a burst, at half its rate, climbing back by a
   *   tenth of it per second. Without `requestsPerSecond`, every request that waited out the pause
   *   goes out at once (up to `maxInFlight`): fine for tens of tasks; for thousands, set a rate.
   * - A request unsubscribed while it waits for its turn is never sent.
   * - The server never sees more than `requestsPerSecond + burst` requests in any span of one
   *   second, pauses included: a request counts from its hand-off to the transport until a second
   *   after its answer, so no wait for a connection or on the network can bunch requests up.
   * - A download takes a rate token as it starts (its first request may go to the API) but no
   *   `maxInFlight` slot, so long transfers never keep polls waiting; `maxDownloads` bounds them.
   * @example { requestsPerSecond: 5, burst: 10, maxInFlight: 16, maxDownloads: 4 }
   */
  readonly rateLimit?:
    | (Omit<RateLimiterOptions, 'scheduler'> & {
        /**
         * How many downloads may run at once, the others waiting for their turn: a whole number, or
         * `Infinity`. A few downloads already fill a link, and more only slow each other down: files
         * finish later (their signed URLs may expire meanwhile), and each one holds a file and about
         * 2 MiB of buffers. Apart from `maxInFlight`: downloads hold none of its slots.
         * @default 4
         */
        readonly maxDownloads?: number | undefined;
      })
    | undefined;
  /**
   * The scheduler of every wait: polls, retries, time limits, the rate limit. Pass a
   * `TestScheduler` or `VirtualTimeScheduler` to test code that uses the client in virtual time,
   * without patching globals (with a stub transport: real sockets keep real time).
   * @default asyncScheduler
   */
  readonly scheduler?: SchedulerLike;
  /**
   * Pushed events of tasks, `{ id, status }`: a webhook receiver's `events$` (`sora-rx/webhooks`),
   * a pub/sub channel shared by a fleet, a test subject. With them, `videoStatus$` and `generate$`
   * end on whichever comes first, a terminal event (then one request for the whole task and its
   * `video_url`) or a poll, and the polls become a slow safety net (`safetyIntervalMs`, 5 minutes
   * by default) that catches a lost event. An `intervalMs` you set is kept as it is. Subscribed
   * once while any task is watched; its error ends the watches with that error.
   * @default none: watches poll on the schedule of `poll`
   * @example { events: receiver.events$ }
   */
  readonly events?: Observable<VideoTaskEvent> | undefined;
  /**
   * The URL the gateway should send the task's webhooks to, sent as `webhook_url` in the body of
   * every create (`createVideo$`, `generate$`) unless the call's `webhookUrl` says otherwise. Only
   * for gateways that take one: others may refuse the field.
   * @default none sent
   * @example 'https://app.example/webhooks/sora'
   */
  readonly webhookUrl?: string | undefined;
  /**
   * Whether `watchAll$` reads many tasks from list pages (`GET /videos?after=&limit=`, as OpenAI
   * serves it) rather than one `GET /videos/{id}` per task and poll. Each task's schedule still
   * decides when it needs a look; one page serves every task due at that moment, and a task the
   * pages do not show, or a page that fails, falls back to the task's own GET. `'auto'` finds out
   * once whether the gateway lists videos: one request, never repeated on a gateway that does not.
   * `false` turns it off. See {@link ListPollingOptions} for the finer settings.
   * @default 'auto'
   */
  readonly listPolling?: ListPollingMode | ListPollingOptions | undefined;
  /**
   * Where to record every task the client creates, watches and saves, so that `resume$` can pick
   * them up after a crash: `fileJournal(path)` from `sora-rx/node`, `memoryJournal()`, or a store
   * of your own. With it, a create is written before its request and its task id before it is
   * emitted, and downloads keep their part file to continue it. Close the journal when done.
   * @default undefined (no journal)
   * @example fileJournal('./sora-tasks.jsonl')
   */
  readonly journal?: Journal | undefined;
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
  'rateLimit',
  'scheduler',
  'events',
  'webhookUrl',
  'listPolling',
  'journal',
];
/** Every option `videoStatus$` takes. */
export const POLL_OPTIONS = [...POLL_OPTION_NAMES, 'retry'];
/** Every option `retryWithBackoff` takes but `scheduler`: the client's own `scheduler` runs every wait. */
export const RETRY_OPTIONS = [
  ...Object.keys(DEFAULT_RETRY_OPTIONS),
  'shouldRetry',
  'random',
  'onRetry',
];

/** The client's options, checked, with defaults and environment variables applied. */
export interface ResolvedClientOptions {
  /** What every API request needs, the rate-limited transport among it. */
  readonly api: ApiContext;
  /** The client's default retry options, as given. */
  readonly retry: RetryWithBackoffOptions;
  /** The client's default poll options, as given. */
  readonly poll: VideoStatusOptions;
  /**
   * The client's limiters: `requests` for every API request (there even without `rateLimit`, for
   * the 429 pause), `downloads` for how many downloads run at once.
   */
  readonly limiter: { readonly requests: RateLimiter; readonly downloads: RateLimiter };
  /** The scheduler of every wait. */
  readonly scheduler: SchedulerLike;
  /** The pushed events of tasks, if any. */
  readonly events: Observable<VideoTaskEvent> | undefined;
  /** The webhook URL of every create, if any. */
  readonly webhookUrl: string | undefined;
  /** How `watchAll$` polls with list pages. */
  readonly listPolling: ResolvedListPolling;
  /** The transport the client made itself, without a `transport` option: the client closes it. */
  readonly ownTransport: HttpTransport | undefined;
}

/**
 * Checks every option of {@link createSoraClient} at once, throwing a `TypeError` that names the
 * first bad one, and fills in the defaults.
 */
export function resolveClientOptions(options: SoraClientOptions): ResolvedClientOptions {
  assertKnownOptions(options, CLIENT_OPTIONS, 'options');
  assertKnownOptions(options.poll, POLL_OPTIONS, 'poll');
  assertKnownOptions(options.retry, RETRY_OPTIONS, 'retry');
  assertKnownOptions(options.poll?.retry, RETRY_OPTIONS, 'poll.retry');
  assertKnownOptions(
    options.rateLimit,
    ['requestsPerSecond', 'burst', 'maxInFlight', 'maxDownloads'],
    'rateLimit',
  );
  assertJournal(options.journal);
  const env = readEnvironment();
  const scheduler = options.scheduler ?? asyncScheduler;
  if (typeof scheduler?.now !== 'function' || typeof scheduler.schedule !== 'function') {
    throw new TypeError('Expected `scheduler` to be an RxJS scheduler, with now() and schedule()');
  }
  const retry = options.retry ?? {};
  const resolvedRetry: ResolvedRetryOptions = resolveRetryOptions(retry);
  const poll = options.poll ?? {};
  resolvePollOptions(poll);
  const baseTransport = options.transport ?? platform.createDefaultTransport();
  assertFunction(baseTransport, 'transport');
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  assertDuration(requestTimeoutMs, 'requestTimeoutMs');
  const maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
  assertPositiveNumber(maxResponseBytes, 'maxResponseBytes');
  // Always a limiter, even without `rateLimit`: a 429 must pause every request of the client.
  const { maxDownloads = 4, ...rateLimit } = options.rateLimit ?? {};
  const requests = createRateLimiter({ ...rateLimit, scheduler });
  assertCount(maxDownloads, 'maxDownloads');
  const downloads = createRateLimiter({ maxInFlight: maxDownloads, scheduler });
  // The time limit runs inside the rate limit: waiting for a turn is not the server's slowness.
  const timed = withRequestTimeout(baseTransport, requestTimeoutMs, scheduler);
  const api: ApiContext = {
    baseUrl: normalizeBaseUrl(options.baseUrl ?? env.SORA_BASE_URL),
    headers: {
      authorization: `Bearer ${checkApiKey(options.apiKey ?? env.SORA_API_KEY)}`,
      accept: 'application/json',
    },
    transport: rateLimitedTransport(timed, requests, resolvedRetry.maxRetryAfterMs),
    maxResponseBytes,
    statusAliases: mergeStatusAliases(
      DEFAULT_STATUS_ALIASES,
      checkStatusAliases(options.statusAliases ?? {}),
    ),
  };
  const { events, webhookUrl } = options;
  if (events !== undefined && !isObservable(events)) {
    throw new TypeError('Expected `events` to be an Observable of `{ id, status }`');
  }
  if (webhookUrl !== undefined) assertWebhookUrl(webhookUrl, 'webhookUrl');
  const ownTransport = options.transport === undefined ? baseTransport : undefined;
  const listPolling = resolveListPolling(options.listPolling);
  return {
    api,
    retry,
    poll,
    limiter: { requests, downloads },
    scheduler,
    events,
    webhookUrl,
    listPolling,
    ownTransport,
  };
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
