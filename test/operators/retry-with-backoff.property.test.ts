import fc from 'fast-check';
import { defer, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { retryWithBackoff } from '../../src/operators/retry-with-backoff.js';

/** An error as the client raises them: retryable or not, with a server's `Retry-After` or not. */
interface ScriptedError {
  readonly retryable: boolean;
  /** What the error carries as `retryAfterMs`, sane or not: a hostile server chose it. */
  readonly retryAfterMs: number | string | undefined;
}

const scriptedError: fc.Arbitrary<ScriptedError> = fc.record({
  retryable: fc.integer({ min: 0, max: 4 }).map((n) => n !== 0),
  retryAfterMs: fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    fc.integer({ min: 0, max: 10 ** 9 }),
    fc.double({ noNaN: false }),
    fc.constantFrom(Number.POSITIVE_INFINITY, -1, '30'),
  ),
});

/** Virtual time adds waits to a clock of up to about 10¹⁰ ms: compare to a microsecond. */
const EPSILON = 1e-3;

const options = fc
  .record({
    maxRetries: fc.integer({ min: 0, max: 12 }),
    baseDelayMs: fc.integer({ min: 1, max: 10_000 }),
    extraMs: fc.integer({ min: 0, max: 100_000 }),
    maxRetryAfterMs: fc.integer({ min: 0, max: 300_000 }),
    // Math.random's range: [0, 1).
    draws: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
      minLength: 1,
    }),
  })
  .map(({ extraMs, draws, ...rest }) => ({
    ...rest,
    maxDelayMs: rest.baseDelayMs + extraMs,
    draws,
  }));

describe('retryWithBackoff, over random options and errors', () => {
  it('waits within its bounds before every retry, and gives up after maxRetries or a final error', () => {
    fc.assert(
      fc.property(
        options,
        fc.array(scriptedError, { minLength: 1, maxLength: 20 }),
        (o, errors) => {
          const scheduler = new TestScheduler(() => {});
          const attemptsAt: number[] = [];
          let draw = 0;
          let failedWith: unknown;
          scheduler.run(() => {
            const source = defer(() => {
              attemptsAt.push(scheduler.now());
              const error = errors[Math.min(attemptsAt.length - 1, errors.length - 1)];
              return throwError(() => error);
            });
            source
              .pipe(
                retryWithBackoff({
                  maxRetries: o.maxRetries,
                  baseDelayMs: o.baseDelayMs,
                  maxDelayMs: o.maxDelayMs,
                  maxRetryAfterMs: o.maxRetryAfterMs,
                  random: () => o.draws[draw++ % o.draws.length] as number,
                }),
              )
              .subscribe({ error: (error: unknown) => (failedWith = error) });
            scheduler.flush();
          });

          // It always ends, with the error of the last attempt.
          const errorOf = (n: number) => errors[Math.min(n, errors.length - 1)] as ScriptedError;
          expect(failedWith).toBe(errorOf(attemptsAt.length - 1));
          // It stops at the first error it may not retry, or after maxRetries retries.
          let expectedAttempts = 1;
          while (expectedAttempts <= o.maxRetries && errorOf(expectedAttempts - 1).retryable) {
            expectedAttempts += 1;
          }
          expect(attemptsAt.length).toBe(expectedAttempts);

          for (let n = 1; n < attemptsAt.length; n++) {
            const waited = (attemptsAt[n] as number) - (attemptsAt[n - 1] as number);
            const { retryAfterMs } = errorOf(n - 1);
            // A wait shorter than baseDelayMs ("now", a date in the past) is not followed.
            const hinted =
              typeof retryAfterMs === 'number' &&
              Number.isFinite(retryAfterMs) &&
              retryAfterMs >= o.baseDelayMs;
            if (hinted) {
              // A server's Retry-After, never past maxRetryAfterMs (to the float's precision).
              expect(Math.abs(waited - Math.min(retryAfterMs, o.maxRetryAfterMs))).toBeLessThan(
                EPSILON,
              );
            } else {
              const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** n);
              expect(waited).toBeGreaterThan(o.baseDelayMs - EPSILON);
              expect(waited).toBeLessThan(ceiling + EPSILON);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
