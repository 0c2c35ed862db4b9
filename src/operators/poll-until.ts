import { concatMap, EMPTY, expand, type Observable, takeWhile, timer } from 'rxjs';
import { assertFraction, assertFunction, assertPositiveNumber } from '../util/assert-options.js';

/** Options of {@link pollUntil}. */
export interface PollUntilOptions<T> {
  /**
   * The time from one response to the next request, in milliseconds: a number, or a function of
   * the last value and how many values came before it.
   */
  readonly intervalMs: number | ((value: T, index: number) => number);
  /**
   * How far each delay may stray from `intervalMs`, as a fraction: 0.1 spreads it over ±10 %, so
   * that many pollers started together drift apart.
   * @default 0
   */
  readonly jitter?: number;
  /**
   * The delay the server asked for, read from a value. When it returns a number, that delay is used
   * instead of the interval, without jitter.
   */
  readonly delayHintMs?: (value: T) => number | undefined;
  /**
   * The source of randomness for jitter, returning a number in [0, 1).
   * @default Math.random
   */
  readonly random?: () => number;
}

/**
 * Polls: subscribes to `request$` at once, then again a delay after each response, until a value
 * satisfies `isDone`. It emits every value, the final one included, then completes.
 *
 * - The next request is scheduled only once the previous response has arrived, so a response
 *   slower than the interval is never cancelled and two requests never overlap.
 * - The delay is `intervalMs` ± `jitter`, or the server's hint from `delayHintMs`.
 * - Unsubscribing cancels the pending timer or the request in flight.
 *
 * ## Example
 * ```ts
 * pollUntil(getJob$, (job) => job.done, { intervalMs: 5_000, jitter: 0.1 }).subscribe(render);
 * ```
 *
 * @see {@link retryWithBackoff} to survive failing requests between polls.
 * @param request$ A cold Observable that makes one request and emits its response.
 * @param isDone Whether a value is the last one.
 * @param options The cadence of the polls.
 * @return An Observable of every response, completing after the first that `isDone` accepts.
 */
export function pollUntil<T>(
  request$: Observable<T>,
  isDone: (value: T) => boolean,
  options: PollUntilOptions<T>,
): Observable<T> {
  const { intervalMs, jitter = 0, delayHintMs, random = Math.random } = options;
  if (typeof intervalMs !== 'function') assertPositiveNumber(intervalMs, 'intervalMs');
  assertFraction(jitter, 'jitter');
  if (delayHintMs !== undefined) assertFunction(delayHintMs, 'delayHintMs');
  assertFunction(random, 'random');

  const nextDelay = (value: T, index: number): number => {
    const hint = delayHintMs?.(value);
    if (hint !== undefined) return hint;
    const base = typeof intervalMs === 'function' ? intervalMs(value, index) : intervalMs;
    return Math.round(base * (1 + jitter * (2 * random() - 1)));
  };

  return request$.pipe(
    expand((value, index) =>
      isDone(value) ? EMPTY : timer(nextDelay(value, index)).pipe(concatMap(() => request$)),
    ),
    takeWhile((value) => !isDone(value), true),
  );
}
