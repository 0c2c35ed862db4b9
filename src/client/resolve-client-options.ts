import { asyncScheduler, isObservable, type Observable, type SchedulerLike } from 'rxjs';
import { platform } from '#platform';
import type { ApiContext } from '../api/api-context.js';
import { assertWebhookUrl } from '../api/create-params.js';
import { resolveDialect } from '../dialects/resolve-dialect.js';
import type { HttpTransport } from '../http/http-transport.js';
import { rateLimitedTransport } from '../http/rate-limited-transport.js';
import { withRequestTimeout } from '../http/timeout-transport.js';
import { normalizeBaseUrl } from '../http/url.js';
import { assertJournal } from '../journal/assert-journal.js';
import { type ResolvedListPolling, resolveListPolling } from '../list/list-polling-options.js';
import {
  DEFAULT_STATUS_ALIASES,
  mergeStatusAliases,
  type StatusAliases,
} from '../model/status-aliases.js';
import { VideoStatusCodec } from '../model/video-status.js';
import type { VideoTaskEvent } from '../model/video-task-event.js';
import { createRateLimiter, type RateLimiter } from '../operators/rate-limiter.js';
import {
  DEFAULT_RETRY_OPTIONS,
  type ResolvedRetryOptions,
  type RetryWithBackoffOptions,
  resolveRetryOptions,
} from '../operators/retry-with-backoff.js';
import {
  POLL_OPTION_NAMES,
  type ResolvedPollOptions,
  resolvePollOptions,
} from '../schedule/poll-options.js';
import {
  assertCount,
  assertDuration,
  assertFunction,
  assertKnownOptions,
  assertPositiveNumber,
} from '../util/assert-options.js';
import type { SoraClientOptions, VideoStatusOptions } from './client-options.js';

const CLIENT_OPTIONS = [
  'baseUrl',
  'apiKey',
  'dialect',
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
  /** The client's default poll options, checked and with every default filled in. */
  readonly pollOptions: ResolvedPollOptions;
  /**
   * The client's limiters: `requests` for every API request (there even without `rateLimit`, for
   * the 429 pause), `downloads` for how many downloads run at once.
   */
  readonly limiter: { readonly requests: RateLimiter; readonly downloads: RateLimiter };
  /** The scheduler of every wait. */
  readonly scheduler: SchedulerLike;
  /** The time limit of one request, in milliseconds. */
  readonly requestTimeoutMs: number;
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
  const pollOptions = resolvePollOptions(poll);
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
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? env.SORA_BASE_URL ?? missingBaseUrl());
  const api: ApiContext = {
    baseUrl,
    dialect: resolveDialect(options.dialect, baseUrl),
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
  const listPolling = resolveListPolling(options.listPolling, api.dialect.listPath !== undefined);
  return {
    api,
    retry,
    poll,
    pollOptions,
    limiter: { requests, downloads },
    scheduler,
    requestTimeoutMs,
    events,
    webhookUrl,
    listPolling,
    ownTransport,
  };
}

function missingBaseUrl(): never {
  throw new TypeError(
    'Expected `baseUrl`, such as https://api.example.com/v1: pass `baseUrl` or set SORA_BASE_URL',
  );
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
    if (!VideoStatusCodec.is(status)) {
      throw new TypeError(
        `Expected \`statusAliases.${alias}\` to be one of queued, processing, completed, failed, got ${JSON.stringify(status)}`,
      );
    }
  }
  return aliases as StatusAliases;
}
