// About 300 lines: one limiter (a token bucket, a pause after a 429 and the slots in flight) whose
// three parts share one waiting line; its window and line are apart, in send-window.ts and
// waiting-line.ts.
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import {
  assertAtLeast,
  assertCount,
  assertDuration,
  assertPositiveNumber,
  MAX_TIMER_MS,
} from '../util/assert-options.js';
import { SendWindow } from './send-window.js';
import { type InLine, WaitingLine } from './waiting-line.js';

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /**
   * How many jobs may start per second, on average. Without it, the rate is unlimited: jobs wait
   * only for a free slot and out a {@link RateLimiter.pause}, after which every waiting job starts
   * at once (up to `maxInFlight`).
   * @default Infinity
   */
  readonly requestsPerSecond?: number | undefined;
  /**
   * How many jobs may start at once after a quiet spell: the size of the token bucket, at least 1.
   * It bounds a rate, so it needs `requestsPerSecond`.
   * @default requestsPerSecond, at least 1
   */
  readonly burst?: number | undefined;
  /**
   * How many jobs may run at once: a whole number, or `Infinity`.
   * @default Infinity
   */
  readonly maxInFlight?: number | undefined;
  /**
   * The scheduler that measures time and runs the waits. Tests get virtual time without it, through
   * `TestScheduler.run`.
   * @default asyncScheduler
   */
  readonly scheduler?: SchedulerLike | undefined;
}

/** Options of one job of {@link RateLimiter.limit}. */
export interface LimitOptions {
  /**
   * Whether the job takes one of the `maxInFlight` slots while it runs. A job that does not still
   * waits its turn in line and takes a token to start, but never keeps another job from its slot:
   * fit for long jobs that must not starve the short ones.
   * @default true
   */
  readonly holdsSlot?: boolean | undefined;
}

/** A token bucket shared by many Observables. Create one with {@link createRateLimiter}. */
export interface RateLimiter {
  /**
   * Subscribes to the job once the bucket has a token, the one-second window has room and, unless
   * `holdsSlot` is false, fewer than `maxInFlight` jobs hold a slot; jobs start in the order they
   * asked. Unsubscribing before the start gives up the place in line: the job is never subscribed.
   *
   * The job is an Observable, counted in the window from its start; or a function that makes it
   * at its start, given `sent`, to call once the job has surely reached what the limit protects
   * (for a request, when it is answered, fails or is given up in flight). Such a job holds its
   * place in the window from its start until a second after that call; one that ends without
   * calling it never reached the server and counts for nothing.
   */
  limit<T>(
    job: Observable<T> | ((sent: () => void) => Observable<T>),
    options?: LimitOptions,
  ): Observable<T>;
  /**
   * Starts no job for `ms` (from 0 to 2³¹−1), then resumes without a burst, at half the rate in
   * force, which climbs back to the configured rate by a tenth of it per second. Used when a server
   * answers 429: the whole client waits, not just the job that was refused.
   */
  pause(ms: number): void;
  /**
   * Whether it counts when jobs are sent (it does with `requestsPerSecond`): only then is it worth
   * giving it jobs that report their send.
   */
  readonly countsSends: boolean;
  /** How many jobs wait for their turn. */
  readonly waiting: number;
  /** How many jobs run and hold a slot. */
  readonly inFlight: number;
  /**
   * The rate in force, in jobs per second: lower than configured for a while after a pause;
   * `Infinity` without `requestsPerSecond`.
   */
  readonly rate: number;
}

interface Waiter extends InLine {
  start(): void;
  readonly holdsSlot: boolean;
}

/**
 * Creates a rate limiter: a token bucket, refilled at `requestsPerSecond`, holding at most `burst`
 * tokens, with at most `maxInFlight` jobs running. Jobs start first come, first served, so no
 * caller falls behind another. Without `requestsPerSecond` it only queues jobs during a pause and
 * for `maxInFlight`; a job run with `holdsSlot: false` takes a token but no slot.
 *
 * With `requestsPerSecond`, no span of one second, [t, t + 1 s), ever holds more than
 * `requestsPerSecond + burst` jobs sent, pauses or not: a job holds a place in that count from its
 * start until a second after it is sent (see {@link RateLimiter.limit}), so jobs that wait
 * somewhere after their start, for a connection say, cannot bunch up when they go out.
 *
 * ## Example
 * ```ts
 * const limiter = createRateLimiter({ requestsPerSecond: 5, burst: 10 });
 * merge(...urls.map((url) => limiter.limit(fetch$(url))));
 * ```
 *
 * @param options The rate, burst and concurrency.
 * @return A limiter whose `limit(job$)` delays jobs to fit.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const scheduler = options.scheduler ?? asyncScheduler;
  const unlimited = options.requestsPerSecond === undefined;
  const requestsPerSecond = options.requestsPerSecond ?? Number.POSITIVE_INFINITY;
  if (!unlimited) assertPositiveNumber(requestsPerSecond, 'requestsPerSecond');
  if (unlimited && options.burst !== undefined)
    throw new TypeError('Expected `burst` to come with `requestsPerSecond`: a burst bounds a rate');
  const burst = options.burst ?? Math.max(1, requestsPerSecond);
  // A bucket of less than one token never holds a whole one: every job would wait forever.
  if (!unlimited) assertAtLeast(burst, 'burst', 1);
  const maxInFlight = options.maxInFlight ?? Number.POSITIVE_INFINITY;
  assertCount(maxInFlight, 'maxInFlight');

  // The rate falls by half at each pause and climbs back by a tenth of the configured rate per
  // second, so a client set above the server's real limit settles just under it.
  const minRate = requestsPerSecond / 16;
  let rate = requestsPerSecond;
  const line = new WaitingLine<Waiter>();
  let tokens = burst;
  let refilledAt = scheduler.now();
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let inFlight = 0;
  let wakeUp: Subscription | undefined;
  let draining = false;
  /** The strict bound at the server: undefined without a rate, which it would not bound. */
  const window = unlimited ? undefined : new SendWindow(Math.floor(requestsPerSecond + burst));

  const refill = (now: number) => {
    if (unlimited) return;
    const from = Math.max(refilledAt, pausedUntil);
    if (now > from) {
      tokens = Math.min(burst, tokens + ((now - from) * rate) / 1000);
      rate = Math.min(requestsPerSecond, rate + ((now - from) / 1000) * (requestsPerSecond / 10));
    }
    refilledAt = Math.max(now, refilledAt);
  };

  const drain = () => {
    if (draining) return;
    draining = true;
    try {
      for (;;) {
        const now = scheduler.now();
        refill(now);
        const next = line.peek();
        if (next === undefined) return;
        if (next.holdsSlot && inFlight >= maxInFlight) return;
        const windowWait = window === undefined ? 0 : window.waitMs(now);
        if (now < pausedUntil || (!unlimited && tokens < 1) || windowWait > 0) {
          // Waiting for a job to be sent or to end, not for a time: that event drains again.
          if (wakeUp !== undefined || windowWait === Number.POSITIVE_INFINITY) return;
          const wait = Math.max(
            pausedUntil - now,
            tokens < 1 ? ((1 - tokens) * 1000) / rate : 0,
            windowWait,
          );
          wakeUp = scheduler.schedule(
            () => {
              wakeUp = undefined;
              drain();
            },
            // A wake-up that comes before the token only sleeps again.
            Math.min(Math.max(1, Math.ceil(wait)), MAX_TIMER_MS),
          );
          return;
        }
        line.shift();
        tokens -= 1;
        next.start();
      }
    } finally {
      draining = false;
    }
  };

  const limit = <T>(
    job: Observable<T> | ((sent: () => void) => Observable<T>),
    jobOptions: LimitOptions = {},
  ): Observable<T> => {
    const holdsSlot = jobOptions.holdsSlot ?? true;
    return new Observable<T>((subscriber) => {
      let started = false;
      let running: Subscription | undefined;
      let finished = false;
      /** Whether the job holds a place in the window, not sent yet. */
      let unsent = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        const freesPlace = unsent;
        if (unsent) {
          unsent = false;
          window?.endUnsent();
        }
        if (holdsSlot) inFlight -= 1;
        if (holdsSlot || freesPlace) drain();
      };
      const waiter: Waiter = {
        cancelled: false,
        holdsSlot,
        start: () => {
          started = true;
          if (holdsSlot) inFlight += 1;
          let job$: Observable<T>;
          if (typeof job === 'function') {
            if (window !== undefined) {
              unsent = true;
              window.startUnsent();
            }
            const sent = () => {
              if (!unsent) return;
              unsent = false;
              window?.sent(scheduler.now());
              // The place is now held until a known time: a job waiting for it may set its wake-up.
              if (line.size > 0) drain();
            };
            try {
              job$ = job(sent);
            } catch (error) {
              finish();
              subscriber.error(error);
              return;
            }
          } else {
            window?.startSent(scheduler.now());
            job$ = job;
          }
          running = job$.subscribe({
            next: (value) => subscriber.next(value),
            error: (error: unknown) => {
              finish();
              subscriber.error(error);
            },
            complete: () => {
              finish();
              subscriber.complete();
            },
          });
        },
      };
      line.push(waiter);
      drain();
      return () => {
        if (!started) {
          line.cancel(waiter);
          if (line.size === 0) {
            wakeUp?.unsubscribe();
            wakeUp = undefined;
          } else {
            // It may have kept a job that holds no slot waiting behind it for a slot.
            drain();
          }
          return;
        }
        // A job that ended during its own subscribe() has no `running` yet, and nothing to cancel.
        running?.unsubscribe();
        finish();
      };
    });
  };

  const pause = (ms: number) => {
    assertDuration(ms, 'ms', { min: 0 });
    const now = scheduler.now();
    refill(now);
    tokens = 0;
    // Refusals of one burst arrive together: only the first of them halves the rate.
    if (now >= pausedUntil) rate = Math.max(minRate, rate / 2);
    pausedUntil = Math.max(pausedUntil, now + ms);
    refilledAt = Math.max(refilledAt, pausedUntil);
    wakeUp?.unsubscribe();
    wakeUp = undefined;
    drain();
  };

  return {
    limit,
    pause,
    countsSends: window !== undefined,
    get waiting() {
      return line.size;
    },
    get inFlight() {
      return inFlight;
    },
    get rate() {
      return rate;
    },
  };
}
