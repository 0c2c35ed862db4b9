import {
  asyncScheduler,
  type MonoTypeOperatorFunction,
  retry,
  type SchedulerLike,
  throwError,
  timer,
} from 'rxjs';
import {
  assertDuration,
  assertFunction,
  assertNonNegativeInteger,
} from '../util/assert-options.js';
import { mergeOptions } from '../util/merge-options.js';

/** Options of {@link retryWithBackoff}. */
export interface RetryWithBackoffOptions {
  /**
   * How many times to retry after consecutive failures. The count starts again after each value
   * the source emits.
   * @default 5
   */
  readonly maxRetries?: number | undefined;
  /**
   * The shortest wait before a retry, in milliseconds: from 1 to 2³¹−1 (the longest a timer holds).
   * @default 1000
   */
  readonly baseDelayMs?: number | undefined;
  /**
   * The longest wait the exponential backoff reaches, in milliseconds: from `baseDelayMs` to 2³¹−1.
   * @default 60000
   */
  readonly maxDelayMs?: number | undefined;
  /**
   * The longest wait a server's `Retry-After` may impose, in milliseconds, from 0 to 2³¹−1. A
   * server that asks for three days gets this instead. A server's wait shorter than `baseDelayMs`
   * is not followed: the backoff applies.
   * @default 120000
   */
  readonly maxRetryAfterMs?: number | undefined;
  /**
   * Which errors to retry. By default, those with `retryable: true`.
   * @example
   * ```ts
   * retryWithBackoff({ shouldRetry: (error) => error instanceof TypeError })
   * ```
   */
  readonly shouldRetry?: ((error: unknown, attempt: number) => boolean) | undefined;
  /**
   * The source of randomness for jitter, returning a number in [0, 1).
   * @default Math.random
   */
  readonly random?: (() => number) | undefined;
  /**
   * Called before each wait for a retry, with the error, the retry's number (1 for the first)
   * and the wait in milliseconds: to show or log that a request is being retried.
   * @default none
   * @example
   * ```ts
   * retryWithBackoff({ onRetry: (error, attempt, delayMs) => log.warn({ error, attempt, delayMs }) })
   * ```
   */
  readonly onRetry?: ((error: unknown, attempt: number, delayMs: number) => void) | undefined;
  /**
   * Runs the timers of the waits. Tests pass a `TestScheduler` or a `VirtualTimeScheduler` to
   * retry in virtual time.
   * @default asyncScheduler
   */
  readonly scheduler?: SchedulerLike | undefined;
}

/** The defaults of {@link RetryWithBackoffOptions}. */
export const DEFAULT_RETRY_OPTIONS = {
  maxRetries: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 120_000,
} as const;

/**
 * Retries a failing source with exponential backoff and jitter, honouring the server's
 * `Retry-After`.
 *
 * - Only errors that `shouldRetry` accepts are retried; by default those with `retryable: true`.
 *   Any other error passes through at once.
 * - Before retry `n` it waits a random time between `baseDelayMs` and
 *   `min(maxDelayMs, baseDelayMs·2ⁿ)`, unless the error carries a `retryAfterMs` number (as
 *   `SORA_RATE_LIMITED` does), which is used instead, clamped to `maxRetryAfterMs`.
 * - A server's wait below `baseDelayMs` (1 s by default), such as `Retry-After: 0`, an HTTP date
 *   in the past or `retry-after-ms: 0`, is no reason to hurry: the backoff applies as if the
 *   server had said nothing. Only a `maxRetryAfterMs` below `baseDelayMs`, set by the user, waits
 *   less.
 * - Each wait is a timer: unsubscribing cancels it at once.
 * - After `maxRetries` consecutive failures it emits the last error.
 *
 * ## Example
 * ```ts
 * sora.getVideo$(id).pipe(retryWithBackoff({ maxRetries: 3, baseDelayMs: 500 }))
 * ```
 *
 * @see {@link DEFAULT_RETRY_OPTIONS}
 * @param options Limits and delays of the retries.
 * @return A function that returns an Observable that mirrors the source, resubscribing on retryable errors.
 */
export function retryWithBackoff<T>(
  options: RetryWithBackoffOptions = {},
): MonoTypeOperatorFunction<T> {
  const config = resolveRetryOptions(options);
  return retry<T>({
    count: config.maxRetries,
    resetOnSuccess: true,
    delay: (error: unknown, attempt) => {
      if (!config.shouldRetry(error, attempt)) return throwError(() => error);
      const delayMs = computeRetryDelay(error, attempt, config);
      config.onRetry(error, attempt, delayMs);
      return timer(delayMs, config.scheduler);
    },
  });
}

/** {@link RetryWithBackoffOptions} with every default filled in and every value checked. */
export type ResolvedRetryOptions = {
  readonly [K in keyof RetryWithBackoffOptions]-?: NonNullable<RetryWithBackoffOptions[K]>;
};

/** Fills in the defaults of {@link RetryWithBackoffOptions}, throwing a `TypeError` on a bad value. */
export function resolveRetryOptions(options: RetryWithBackoffOptions): ResolvedRetryOptions {
  // `undefined` means the default, as if the option were not given.
  const resolved = mergeOptions<ResolvedRetryOptions>(
    {
      ...DEFAULT_RETRY_OPTIONS,
      shouldRetry: isRetryable,
      random: Math.random,
      onRetry: ignoreRetry,
      scheduler: asyncScheduler,
    },
    options,
  );
  assertNonNegativeInteger(resolved.maxRetries, 'maxRetries');
  assertDuration(resolved.baseDelayMs, 'baseDelayMs');
  assertDuration(resolved.maxDelayMs, 'maxDelayMs');
  assertDuration(resolved.maxRetryAfterMs, 'maxRetryAfterMs', { min: 0 });
  assertFunction(resolved.shouldRetry, 'shouldRetry');
  assertFunction(resolved.random, 'random');
  assertFunction(resolved.onRetry, 'onRetry');
  if (typeof resolved.scheduler?.schedule !== 'function') {
    throw new TypeError('Expected `scheduler` to be a scheduler, such as asyncScheduler');
  }
  if (resolved.maxDelayMs < resolved.baseDelayMs) {
    throw new TypeError(
      `Expected \`maxDelayMs\` (${resolved.maxDelayMs}) to be at least \`baseDelayMs\` (${resolved.baseDelayMs})`,
    );
  }
  return resolved;
}

/**
 * The wait before retry number `attempt` (1 for the first): uniform between `baseDelayMs` and
 * `min(maxDelayMs, baseDelayMs·2^attempt)`.
 */
export function computeBackoffDelay(
  attempt: number,
  options: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return options.baseDelayMs + options.random() * (ceiling - options.baseDelayMs);
}

/**
 * The wait before retry number `attempt` after `error`: the `retryAfterMs` the error carries (a
 * server's `Retry-After`), clamped to `maxRetryAfterMs`, else {@link computeBackoffDelay}. A
 * server's wait shorter than `baseDelayMs` ("now", a date in the past) gives way to the backoff,
 * so that a gateway that keeps saying "now" cannot draw a burst of retries.
 */
export function computeRetryDelay(
  error: unknown,
  attempt: number,
  options: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random' | 'maxRetryAfterMs'>,
): number {
  const retryAfterMs = retryAfterOf(error);
  return retryAfterMs === undefined || retryAfterMs < options.baseDelayMs
    ? computeBackoffDelay(attempt, options)
    : Math.min(retryAfterMs, options.maxRetryAfterMs);
}

function isRetryable(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'retryable' in error && error.retryable === true
  );
}

function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('retryAfterMs' in error)) return undefined;
  const value = error.retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The default `onRetry`: nothing to tell. */
function ignoreRetry(): void {}
