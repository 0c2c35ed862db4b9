// Over 300 lines on purpose: the poll loop is one hand-written state machine (a class per loop,
// not a chain of operators) so that a watched task costs about 2 KB of heap; splitting its states
// across files would hide how they hand over. Its twin of standard operators is
// test/reference/poll-until.ts, and every marble test runs against both.
import {
  asyncScheduler,
  isObservable,
  Observable,
  type SchedulerLike,
  type Subscriber,
  type Subscription,
  type Unsubscribable,
} from 'rxjs';
import {
  assertDuration,
  assertFraction,
  assertFunction,
  MAX_TIMER_MS,
} from '../util/assert-options.js';
import { LeanSubscriber } from './lean-subscriber.js';

/** Options of {@link pollUntil}. */
export interface PollUntilOptions<T> {
  /**
   * The time from one response to the next request, in milliseconds: a number from 1 to 2³¹−1
   * (the longest a timer holds), or a function of the last value and how many values came before
   * it. A function that throws, or returns a negative number or no number, ends the poll with
   * that error (a `TypeError` for a bad number); a longer wait than 2³¹−1 ms, with its jitter or
   * from `delayHintMs`, is cut to 2³¹−1 ms.
   */
  readonly intervalMs: number | ((value: T, index: number) => number);
  /**
   * How far each delay may stray from `intervalMs`, as a fraction: 0.1 spreads it over ±10 %, so
   * that many pollers started together drift apart.
   * @default 0
   */
  readonly jitter?: number | undefined;
  /**
   * The delay the server asked for, read from a value. When it returns a number, that delay is used
   * instead of the interval, without jitter and without {@link PollUntilOptions.replan | replans}.
   */
  readonly delayHintMs?: ((value: T) => number | undefined) | undefined;
  /**
   * The source of randomness for jitter, returning a number in [0, 1). It is drawn once per wait.
   * @default Math.random
   */
  readonly random?: (() => number) | undefined;
  /**
   * A time limit for the whole poll, counted from subscription. Past it, the request in flight or
   * the pending timer is cancelled and the result errors with what `error` makes of the last
   * value (undefined if none came yet), or with what `error` threw.
   */
  readonly deadline?:
    | {
        /** The time limit, in milliseconds, from 1 to 2³¹−1. */
        readonly ms: number;
        /** Makes the error to emit at the deadline, from the last value (undefined if none came). */
        readonly error: (last: T | undefined) => unknown;
      }
    | undefined;
  /**
   * Signals that `intervalMs` may have changed, for instance because the service turned out faster
   * than expected. Each value re-plans a poll that is waiting for its next request: `intervalMs`
   * is asked again and the next request is due that long after the last response ended, at once
   * if that time has passed. The jitter drawn when the wait began is kept, so a replan that changes
   * nothing moves nothing. A request in flight and a wait set by `delayHintMs` are left alone; the
   * deadline still holds.
   *
   * It is subscribed once per subscription and unsubscribed at the end. Its error ends the poll
   * with that error; its completion ends nothing.
   * @example
   * ```ts
   * pollUntil(getJob$, isFinished, { intervalMs: () => estimate.intervalMs, replan: estimate.changes$ })
   * ```
   */
  readonly replan?: Observable<unknown> | undefined;
  /**
   * Runs every timer of the poll and tells the time. Tests pass a `TestScheduler` or a
   * `VirtualTimeScheduler` to run the poll in virtual time.
   * @default asyncScheduler
   */
  readonly scheduler?: SchedulerLike | undefined;
}

/**
 * Polls: subscribes to `request$` at once, then again a delay after each response, until a value
 * satisfies `isDone`. It emits every value, the final one included, then completes.
 *
 * - The next request is scheduled only once the previous response has completed, so a response
 *   slower than the interval is never cancelled and two requests never overlap. A response that
 *   completes without a value ends the poll.
 * - The delay is `intervalMs` ± `jitter`, or the server's hint from `delayHintMs`; each `replan`
 *   value asks `intervalMs` again for a poll that is waiting.
 * - With a `deadline`, it gives up at that time with the deadline's error.
 * - `isDone` is asked before a value is emitted. An error thrown by any callback (`isDone`,
 *   `intervalMs`, `delayHintMs`, `random`, `deadline.error`) ends the poll with that error.
 * - Every timer runs on `scheduler`.
 * - Unsubscribing, or the end, cancels the pending timer, the request in flight and `replan`.
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
  assertPollUntilOptions(options);
  return new Observable<T>((subscriber) => {
    const poller = new Poller(request$, isDone, options, subscriber);
    // Its teardown before it starts, so that an end during the first request finds it.
    subscriber.add(poller);
    poller.start();
  });
}

/** Checks the options of {@link pollUntil}, throwing a `TypeError` that names a bad one. */
export function assertPollUntilOptions<T>(options: PollUntilOptions<T>): void {
  const { intervalMs, jitter = 0, delayHintMs, random = Math.random, deadline } = options;
  if (typeof intervalMs !== 'function') assertDuration(intervalMs, 'intervalMs');
  assertFraction(jitter, 'jitter');
  if (delayHintMs !== undefined) assertFunction(delayHintMs, 'delayHintMs');
  assertFunction(random, 'random');
  if (deadline !== undefined) {
    assertDuration(deadline.ms, 'deadline.ms');
    assertFunction(deadline.error, 'deadline.error');
  }
  const { replan, scheduler } = options;
  if (replan !== undefined && !isObservable(replan)) {
    throw new TypeError('Expected `replan` to be an Observable');
  }
  if (
    scheduler !== undefined &&
    (typeof scheduler?.schedule !== 'function' || typeof scheduler.now !== 'function')
  ) {
    throw new TypeError('Expected `scheduler` to be a scheduler, such as asyncScheduler');
  }
}

/**
 * Returns a delay that `intervalMs` or `delayHintMs` returned, or throws a `TypeError` naming the
 * option when it is not a finite number of zero or more.
 */
export function assertReturnedDelay(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`Expected \`${name}\` to return a non-negative number, got ${value}`);
  }
  return value;
}

/**
 * The state of one subscription to {@link pollUntil}: a small state machine with one timer. It is
 * the observer of every request and the subscription's teardown, so a waiting poll holds this
 * object, its timer and nothing else.
 */
class Poller<T> implements Unsubscribable {
  private readonly scheduler: SchedulerLike;
  private readonly deadlineAt: number;
  private count = 0;
  private last: T | undefined;
  /** Whether the request in flight has emitted a value. */
  private answered = false;
  /** Whether the request in flight completed before its `subscribe` returned. */
  private completedInSubscribe = false;
  /** When the current wait began, while it follows `intervalMs` (so `replan` may move it); else NaN. */
  private waitStart = Number.NaN;
  /** The jitter factor drawn for the current wait, kept when it is re-planned. */
  private jitterFactor = 1;
  /** The pending timer: the next poll, or the deadline. */
  private timer: Subscription | undefined;
  /** The request in flight, once its `subscribe` has returned; none while waiting. */
  private request: Subscription | undefined;
  private replanning: Subscription | undefined;

  constructor(
    private readonly request$: Observable<T>,
    private readonly isDone: (value: T) => boolean,
    private readonly options: PollUntilOptions<T>,
    private readonly subscriber: Subscriber<T>,
  ) {
    const { deadline, scheduler = asyncScheduler } = options;
    this.scheduler = scheduler;
    this.deadlineAt = deadline === undefined ? Infinity : scheduler.now() + deadline.ms;
  }

  /** Arms the deadline, listens to `replan`, and sends the first request. */
  start(): void {
    this.schedule(Infinity);
    const { replan } = this.options;
    if (replan !== undefined) {
      // Once per subscription, not per wait.
      this.replanning = replan.subscribe(new ReplanSubscriber(this as Poller<unknown>));
    }
    if (!this.subscriber.closed) this.send();
  }

  /** The timer of the next poll fired: sends the request, with the deadline's timer running. */
  pollAgain(): void {
    this.timer = undefined;
    this.schedule(Infinity);
    this.send();
  }

  /** A value of the request in flight. */
  next(value: T): void {
    // A synchronous request may go on after the poll has ended, before it can be cancelled.
    if (this.subscriber.closed) return;
    this.answered = true;
    this.last = value;
    this.count += 1;
    let done: boolean;
    try {
      done = this.isDone(value);
    } catch (error) {
      this.subscriber.error(error);
      return;
    }
    this.subscriber.next(value);
    if (done) this.subscriber.complete();
  }

  /** The request in flight failed. */
  error(error: unknown): void {
    this.subscriber.error(error);
  }

  /** The request in flight completed: lets it go, then waits for the next or ends. */
  complete(): void {
    if (this.subscriber.closed) return;
    // As `repeat` does, a request that completes while it is subscribed is let go once that returns.
    const request = this.request;
    if (request === undefined) {
      this.completedInSubscribe = true;
      return;
    }
    this.request = undefined;
    request.unsubscribe();
    this.afterRequest();
  }

  /** `replan` emitted: moves the wait for the next request, if it follows `intervalMs`. */
  replan(): void {
    if (Number.isNaN(this.waitStart) || this.subscriber.closed) return;
    try {
      this.plan();
    } catch (error) {
      this.subscriber.error(error);
    }
  }

  /** `replan` failed: ends the poll with its error. */
  replanFailed(error: unknown): void {
    this.subscriber.error(error);
  }

  /** The deadline passed: errors, which cancels the request in flight. */
  expire(): void {
    this.timer = undefined;
    let error: unknown;
    try {
      error = this.options.deadline?.error(this.last);
    } catch (thrown) {
      error = thrown;
    }
    this.subscriber.error(error);
  }

  /** Cancels whatever is pending. */
  unsubscribe(): void {
    this.timer?.unsubscribe();
    this.replanning?.unsubscribe();
    this.request?.unsubscribe();
  }

  private send(): void {
    this.waitStart = Number.NaN;
    this.answered = false;
    const request = this.request$.subscribe(this);
    // A request that answered synchronously may have ended the poll before it was assigned.
    if (this.subscriber.closed) {
      request.unsubscribe();
      return;
    }
    if (this.completedInSubscribe) {
      this.completedInSubscribe = false;
      this.afterRequest();
    } else {
      this.request = request;
    }
  }

  /** Waits for the next request, or ends if the last one answered nothing. */
  private afterRequest(): void {
    if (!this.answered) {
      this.subscriber.complete();
      return;
    }
    try {
      this.wait();
    } catch (error) {
      this.subscriber.error(error);
    }
  }

  /** Starts the wait after the last value: the server's hint, or the interval with fresh jitter. */
  private wait(): void {
    const { delayHintMs, jitter = 0, random = Math.random } = this.options;
    const hint = delayHintMs?.(this.last as T);
    if (hint !== undefined) {
      this.schedule(Math.min(assertReturnedDelay(hint, 'delayHintMs'), MAX_TIMER_MS));
      return;
    }
    this.jitterFactor = 1 + jitter * (2 * random() - 1);
    this.waitStart = this.scheduler.now();
    this.plan();
  }

  /** Arms the timer for `intervalMs` with the wait's jitter after the wait's start. */
  private plan(): void {
    const { intervalMs } = this.options;
    const base =
      typeof intervalMs === 'function' ? intervalMs(this.last as T, this.count - 1) : intervalMs;
    const due =
      this.waitStart + Math.round(assertReturnedDelay(base, 'intervalMs') * this.jitterFactor);
    this.schedule(Math.min(Math.max(0, due - this.scheduler.now()), MAX_TIMER_MS));
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
}

/**
 * The subscriber of `replan`: one object per poll, taken by `subscribe` as it is (see
 * {@link LeanSubscriber}).
 */
class ReplanSubscriber extends LeanSubscriber<unknown> {
  constructor(private readonly poller: Poller<unknown>) {
    super();
  }

  next(): void {
    if (!this.closed) this.poller.replan();
  }

  error(error: unknown): void {
    if (this.closed) return;
    // As a subscriber does: its observer hears of the error first, then it unsubscribes.
    this.poller.replanFailed(error);
    this.unsubscribe();
  }

  complete(): void {
    this.unsubscribe();
  }
}

function pollAgain(poller?: Poller<unknown>): void {
  poller?.pollAgain();
}

function expire(poller?: Poller<unknown>): void {
  poller?.expire();
}
