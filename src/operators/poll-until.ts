import {
  asyncScheduler,
  Observable,
  type SchedulerLike,
  type Subscriber,
  type Subscription,
  type Unsubscribable,
} from 'rxjs';
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
  /**
   * A time limit for the whole poll, counted from subscription. Past it, the request in flight or
   * the pending timer is cancelled and the result errors with what `error` makes of the last
   * value (undefined if none came yet).
   */
  /** The scheduler of every timer. @default asyncScheduler */
  readonly scheduler?: SchedulerLike | undefined;
  /** While a poll waits, each emission recomputes its wait from the last answer. */
  readonly replan?: Observable<unknown> | undefined;
  readonly deadline?: {
    /** The time limit, in milliseconds. */
    readonly ms: number;
    /** Makes the error to emit at the deadline, from the last value (undefined if none came). */
    readonly error: (last: T | undefined) => unknown;
  };
}

/**
 * Polls: subscribes to `request$` at once, then again a delay after each response, until a value
 * satisfies `isDone`. It emits every value, the final one included, then completes.
 *
 * - The next request is scheduled only once the previous response has completed, so a response
 *   slower than the interval is never cancelled and two requests never overlap.
 * - The delay is `intervalMs` ± `jitter`, or the server's hint from `delayHintMs`.
 * - With a `deadline`, it gives up at that time with the deadline's error.
 * - Unsubscribing cancels the pending timer or the request in flight.
 *
 * A watch holds one timer at a time (the next poll or the deadline, whichever comes first) and no
 * subscriber chain between polls, so thousands of them stay cheap.
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
  const { intervalMs, jitter = 0, delayHintMs, random = Math.random, deadline } = options;
  if (typeof intervalMs !== 'function') assertPositiveNumber(intervalMs, 'intervalMs');
  assertFraction(jitter, 'jitter');
  if (delayHintMs !== undefined) assertFunction(delayHintMs, 'delayHintMs');
  assertFunction(random, 'random');
  if (deadline !== undefined) {
    assertPositiveNumber(deadline.ms, 'deadline.ms');
    assertFunction(deadline.error, 'deadline.error');
  }

  return new Observable<T>((subscriber) => {
    const poller = new Poller(request$, isDone, options, subscriber);
    poller.poll();
    return poller;
  });
}

/**
 * The state of one subscription to {@link pollUntil}: a small state machine with one timer. It is
 * also the subscription's teardown, so a waiting poll holds this object, its timer and nothing else.
 */
class Poller<T> implements Unsubscribable {
  private readonly deadlineAt: number;
  private count = 0;
  private last: T | undefined;
  /** The pending timer: the next poll, or the deadline. */
  private timer: Subscription | undefined;
  private request: Subscription | undefined;
  private readonly scheduler: SchedulerLike;
  private replanning: Subscription | undefined;
  private answeredAt = 0;
  private hinted = false;

  constructor(
    private readonly request$: Observable<T>,
    private readonly isDone: (value: T) => boolean,
    private readonly options: PollUntilOptions<T>,
    private readonly subscriber: Subscriber<T>,
  ) {
    const { deadline } = options;
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.replanning = options.replan?.subscribe(() => this.replan());
    this.deadlineAt = deadline === undefined ? Infinity : this.scheduler.now() + deadline.ms;
  }

  /** The timer of the next poll fired. */
  pollAgain(): void {
    this.timer = undefined;
    this.poll();
  }

  /** Sends the next request, with the deadline's timer running while it is in flight. */
  poll(): void {
    this.schedule(Infinity);
    let answered = false;
    this.request = this.request$.subscribe({
      next: (value) => {
        answered = true;
        this.last = value;
        this.count += 1;
        this.subscriber.next(value);
        if (this.isDone(value)) this.subscriber.complete();
      },
      error: (error: unknown) => this.subscriber.error(error),
      complete: () => {
        if (this.subscriber.closed) return;
        if (!answered) this.subscriber.complete();
        else this.schedule(this.nextDelay(this.last as T));
      },
    });
    // A request that answered synchronously may have ended the poll before it was assigned.
    if (this.subscriber.closed) this.request.unsubscribe();
  }

  /** Cancels whatever is pending. */
  unsubscribe(): void {
    this.replanning?.unsubscribe();
    this.timer?.unsubscribe();
    this.request?.unsubscribe();
  }

  /** The wait after `value`: the server's hint, or the interval with jitter. */
  private nextDelay(value: T): number {
    const { intervalMs, jitter = 0, delayHintMs, random = Math.random } = this.options;
    this.answeredAt = this.scheduler.now();
    const hint = delayHintMs?.(value);
    this.hinted = hint !== undefined;
    if (hint !== undefined) return hint;
    const base = typeof intervalMs === 'function' ? intervalMs(value, this.count - 1) : intervalMs;
    return Math.round(base * (1 + jitter * (2 * random() - 1)));
  }

  private replan(): void {
    if (
      this.timer === undefined ||
      this.request === undefined ||
      !this.request.closed ||
      this.hinted
    )
      return;
    const { intervalMs } = this.options;
    if (typeof intervalMs !== 'function') return;
    const due = this.answeredAt + intervalMs(this.last as T, this.count - 1);
    this.schedule(Math.max(0, due - this.scheduler.now()));
  }

  /** Arms the one timer: for the next poll in `delayMs`, or for the deadline if that is sooner. */
  private schedule(delayMs: number): void {
    this.timer?.unsubscribe();
    const untilDeadline = this.deadlineAt - this.scheduler.now();
    if (delayMs === Infinity && untilDeadline === Infinity) {
      this.timer = undefined;
      return;
    }
    // The timer's work is a shared function that gets the poller as its state: no closure per wait.
    this.timer =
      delayMs < untilDeadline
        ? this.scheduler.schedule(pollAgain, delayMs, this as Poller<unknown>)
        : this.scheduler.schedule(expire, Math.max(0, untilDeadline), this as Poller<unknown>);
  }

  /** The deadline passed: cancels the request in flight and errors. */
  expire(): void {
    this.timer = undefined;
    this.request?.unsubscribe();
    this.subscriber.error(this.options.deadline?.error(this.last));
  }
}

function pollAgain(poller?: Poller<unknown>): void {
  poller?.pollAgain();
}

function expire(poller?: Poller<unknown>): void {
  poller?.expire();
}
