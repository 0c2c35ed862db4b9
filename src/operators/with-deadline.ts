import { type MonoTypeOperatorFunction, Observable, timer } from 'rxjs';
import { assertFunction, assertPositiveNumber } from '../util/assert-options.js';

/**
 * Gives the whole source a time limit, counted from subscription. If the source has not completed
 * within `maxWaitMs`, it is unsubscribed (cancelling any work in flight) and the result errors with
 * the error that `createError` makes from the last value seen.
 *
 * Unlike RxJS's `timeout`, which limits the time between values, this limits the total.
 *
 * ## Example
 * ```ts
 * poll$.pipe(withDeadline(600_000, (last) => new Error(`Stuck at ${last?.status}`)))
 * ```
 *
 * @param maxWaitMs The time limit, in milliseconds.
 * @param createError Makes the error to emit, from the last value (undefined if none came).
 * @return A function that returns an Observable mirroring the source within the time limit.
 */
export function withDeadline<T>(
  maxWaitMs: number,
  createError: (last: T | undefined) => unknown,
): MonoTypeOperatorFunction<T> {
  assertPositiveNumber(maxWaitMs, 'maxWaitMs');
  assertFunction(createError, 'createError');
  return (source) =>
    new Observable<T>((subscriber) => {
      let last: T | undefined;
      const deadline = timer(maxWaitMs).subscribe(() => subscriber.error(createError(last)));
      const subscription = source.subscribe({
        next: (value) => {
          last = value;
          subscriber.next(value);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        deadline.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
