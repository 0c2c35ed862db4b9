import {
  asyncScheduler,
  defer,
  EMPTY,
  ignoreElements,
  merge,
  NEVER,
  type Observable,
  repeat,
  Subject,
  startWith,
  switchMap,
  takeUntil,
  takeWhile,
  tap,
  throwError,
  timer,
} from 'rxjs';
import {
  assertPollUntilOptions,
  assertReturnedDelay,
  type PollUntilOptions,
} from '../../src/operators/poll-until.js';
import { MAX_TIMER_MS } from '../../src/util/assert-options.js';

/**
 * {@link pollUntil} composed from standard operators: the specification that the hand-written
 * poll loop must match, run by the same tests.
 */
export function referencePollUntil<T>(
  request$: Observable<T>,
  isDone: (value: T) => boolean,
  options: PollUntilOptions<T>,
): Observable<T> {
  assertPollUntilOptions(options);
  const { intervalMs, jitter = 0, delayHintMs, random = Math.random, deadline } = options;
  const { scheduler = asyncScheduler, replan = NEVER } = options;

  return defer(() => {
    let last: T | undefined;
    let count = 0;
    let answered = false;
    const replanned = new Subject<void>();

    /** What to wait for after a response: nothing if it had no value (the poll ends). */
    const waitForNext = (): Observable<unknown> => {
      if (!answered) return EMPTY;
      answered = false;
      const value = last as T;
      const hint = delayHintMs?.(value);
      if (hint !== undefined) {
        return timer(Math.min(assertReturnedDelay(hint, 'delayHintMs'), MAX_TIMER_MS), scheduler);
      }
      // Drawn once per wait: a replan keeps it.
      const jitterFactor = 1 + jitter * (2 * random() - 1);
      const start = scheduler.now();
      return replanned.pipe(
        startWith(undefined),
        switchMap(() => {
          const base = typeof intervalMs === 'function' ? intervalMs(value, count - 1) : intervalMs;
          const due = start + Math.round(assertReturnedDelay(base, 'intervalMs') * jitterFactor);
          return timer(Math.min(Math.max(0, due - scheduler.now()), MAX_TIMER_MS), scheduler);
        }),
      );
    };

    const expired$ =
      deadline === undefined
        ? NEVER
        : timer(deadline.ms, scheduler).pipe(
            switchMap(() => throwError(() => deadline.error(last))),
          );
    // Subscribed once, before the first request: its values re-plan, its error ends the poll.
    const replans$ = replan.pipe(
      tap(() => replanned.next()),
      ignoreElements(),
    );

    return request$.pipe(
      tap((value) => {
        last = value;
        count += 1;
        answered = true;
      }),
      repeat({ delay: waitForNext }),
      takeWhile((value) => !isDone(value), true),
      takeUntil(merge(expired$, replans$)),
    );
  });
}
