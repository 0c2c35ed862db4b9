import fc from 'fast-check';
import { defer, ignoreElements, Observable, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/operators/rate-limiter.js';
import { mostInWindow } from '../helpers/most-in-window.js';

/** One job: when it asks, how long after its start it is sent (if ever), and when it ends. */
interface Job {
  readonly askAt: number;
  /** An Observable job, counted at its start; or a function job that reports its send. */
  readonly reportsSent: boolean;
  readonly sendAfter: number;
  /** A job that ends without being sent, as a request refused before it reached the server. */
  readonly neverSent: boolean;
  readonly runsFor: number;
  /** When the job is given up, if it is. */
  readonly leaveAt: number | undefined;
}

const job: fc.Arbitrary<Job> = fc.record({
  askAt: fc.integer({ min: 0, max: 4_000 }),
  reportsSent: fc.boolean(),
  sendAfter: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3_000 })),
  neverSent: fc.integer({ min: 0, max: 8 }).map((n) => n === 4),
  runsFor: fc.integer({ min: 0, max: 3_000 }),
  leaveAt: fc.option(fc.integer({ min: 0, max: 8_000 }), { nil: undefined, freq: 6 }),
});

const script = fc.record({
  requestsPerSecond: fc.oneof(
    fc.integer({ min: 1, max: 25 }),
    fc.double({ min: 0.5, max: 25, noNaN: true }),
  ),
  burst: fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined }),
  maxInFlight: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined, freq: 3 }),
  jobs: fc.array(job, { minLength: 1, maxLength: 80 }),
  pauses: fc.array(
    fc.record({ at: fc.integer({ min: 0, max: 6_000 }), ms: fc.integer({ min: 0, max: 3_000 }) }),
    { maxLength: 3 },
  ),
});

describe('createRateLimiter, over random jobs, sends and pauses', () => {
  it('never lets a span of one second see more than rate + burst sends, and starts every job', () => {
    fc.assert(
      fc.property(script, ({ requestsPerSecond, burst, maxInFlight, jobs, pauses }) => {
        const scheduler = new TestScheduler(() => {});
        const sends: number[] = [];
        let ended = 0;
        let left = 0;
        scheduler.run(() => {
          const limiter = createRateLimiter({ requestsPerSecond, burst, maxInFlight });
          for (const { at, ms } of pauses) timer(at).subscribe(() => limiter.pause(ms));
          for (const j of jobs) {
            const work = (sent: () => void) =>
              new Observable<never>((subscriber) => {
                const send = timer(j.sendAfter).subscribe(() => {
                  if (j.neverSent) return subscriber.complete();
                  sends.push(scheduler.now());
                  sent();
                  timer(j.runsFor).subscribe(() => subscriber.complete());
                });
                return () => send.unsubscribe();
              });
            const limited = j.reportsSent
              ? limiter.limit(work)
              : limiter.limit(
                  defer(() => {
                    sends.push(scheduler.now());
                    return timer(j.runsFor).pipe(ignoreElements());
                  }),
                );
            timer(j.askAt).subscribe(() => {
              const subscription = limited.subscribe({ complete: () => (ended += 1) });
              if (j.leaveAt !== undefined) {
                timer(j.leaveAt).subscribe(() => {
                  if (!subscription.closed) left += 1;
                  subscription.unsubscribe();
                });
              }
            });
          }
          scheduler.flush();
        });
        const bound = Math.floor(requestsPerSecond + (burst ?? Math.max(1, requestsPerSecond)));
        expect(mostInWindow(sends.sort((a, b) => a - b))).toBeLessThanOrEqual(bound);
        expect(ended + left).toBe(jobs.length);
      }),
      { numRuns: 200 },
    );
  });
});
