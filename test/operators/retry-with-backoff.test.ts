import { defer, throwError, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { computeBackoffDelay, retryWithBackoff } from '../../src/operators/retry-with-backoff.js';
import { createTestScheduler } from '../helpers/marbles.js';

const transient = { retryable: true, message: 'try again' };
const permanent = { retryable: false, message: 'give up' };

describe('retryWithBackoff', () => {
  it('backs off exponentially up to maxDelayMs, then emits the last error after maxRetries', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-#', undefined, transient);
      const retried = source.pipe(
        retryWithBackoff({ maxRetries: 4, baseDelayMs: 10, maxDelayMs: 50, random: () => 1 }),
      );
      // Waits of 20, 40, 50 and 50 frames: min(50, 10·2ⁿ) with the highest jitter draw.
      expectObservable(retried).toBe('165ms #', undefined, transient);
      expectSubscriptions(source.subscriptions).toBe([
        '^!',
        '21ms ^!',
        '62ms ^!',
        '113ms ^!',
        '164ms ^!',
      ]);
    });
  });

  it('waits at least baseDelayMs, with the lowest jitter draw', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const source = cold('-#', undefined, transient);
      source
        .pipe(retryWithBackoff({ maxRetries: 2, baseDelayMs: 10, random: () => 0 }))
        .subscribe({ error: () => {} });
      expectSubscriptions(source.subscriptions).toBe(['^!', '11ms ^!', '22ms ^!']);
    });
  });

  it('passes a permanent error through at once', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--#', undefined, permanent);
      expectObservable(source.pipe(retryWithBackoff())).toBe('--#', undefined, permanent);
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it("waits the server's Retry-After instead of the backoff", () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const source = cold('-#', undefined, { retryable: true, retryAfterMs: 300 });
      source
        .pipe(retryWithBackoff({ maxRetries: 1, baseDelayMs: 10 }))
        .subscribe({ error: () => {} });
      expectSubscriptions(source.subscriptions).toBe(['^!', '301ms ^!']);
    });
  });

  it('clamps a three-day Retry-After to maxRetryAfterMs', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const threeDays = 3 * 24 * 3600 * 1000;
      const source = cold('-#', undefined, { retryable: true, retryAfterMs: threeDays });
      source
        .pipe(retryWithBackoff({ maxRetries: 1, maxRetryAfterMs: 120_000 }))
        .subscribe({ error: () => {} });
      expectSubscriptions(source.subscriptions).toBe(['^!', '120001ms ^!']);
    });
  });

  it('counts only consecutive failures: the count starts again after a value', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a#', { a: 'ok' }, transient);
      const retried = source.pipe(
        retryWithBackoff({ maxRetries: 1, baseDelayMs: 5, random: () => 0 }),
      );
      // With maxRetries 1 and no reset, the second error would end the stream.
      expectObservable(retried, '^ 30ms !').toBe('-a 6ms a 6ms a 6ms a 6ms a', { a: 'ok' });
    });
  });

  it('retries what shouldRetry accepts, whatever the error says', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const source = cold('-#', undefined, new TypeError('flaky'));
      const shouldRetry = (error: unknown, attempt: number) =>
        error instanceof TypeError && attempt < 3;
      source
        .pipe(retryWithBackoff({ baseDelayMs: 1, random: () => 0, shouldRetry }))
        .subscribe({ error: () => {} });
      expectSubscriptions(source.subscriptions).toBe(['^!', '2ms ^!', '4ms ^!']);
    });
  });

  it('cancels the wait when unsubscribed during a backoff', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-#', undefined, transient);
      expectObservable(source.pipe(retryWithBackoff({ baseDelayMs: 100 })), '^ 50ms !').toBe('');
      expectSubscriptions(source.subscriptions).toBe('^!');
    });
  });

  it('waits on the scheduler it is given, with no TestScheduler.run', () => {
    const scheduler = new VirtualTimeScheduler();
    const attempts: number[] = [];
    const source = defer(() => {
      attempts.push(scheduler.now());
      return throwError(() => transient);
    });
    let failedAt: number | undefined;
    source
      .pipe(retryWithBackoff({ maxRetries: 2, baseDelayMs: 10, random: () => 1, scheduler }))
      .subscribe({ error: () => (failedAt = scheduler.now()) });
    scheduler.flush();
    // Waits of 20 and 40: min(60000, 10·2ⁿ) with the highest jitter draw.
    expect(attempts).toEqual([0, 20, 60]);
    expect(failedAt).toBe(60);
  });

  it('tells onRetry of each retry before its wait: the error, the attempt and the wait', () => {
    const seen: Array<[unknown, number, number]> = [];
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const source = cold('-#', undefined, transient);
      source
        .pipe(
          retryWithBackoff({
            maxRetries: 2,
            baseDelayMs: 10,
            random: () => 1,
            onRetry: (error, attempt, delayMs) => seen.push([error, attempt, delayMs]),
          }),
        )
        .subscribe({ error: () => {} });
      expectSubscriptions(source.subscriptions).toBe(['^!', '21ms ^!', '62ms ^!']);
    });
    expect(seen).toEqual([
      [transient, 1, 20],
      [transient, 2, 40],
    ]);
  });

  it('does not call onRetry for an error it passes through', () => {
    const seen: number[] = [];
    throwError(() => permanent)
      .pipe(retryWithBackoff({ onRetry: (_error, attempt) => seen.push(attempt) }))
      .subscribe({ error: () => {} });
    expect(seen).toEqual([]);
  });

  it('rejects bad options with a TypeError that names them', () => {
    expect(() => retryWithBackoff({ onRetry: 1 as never })).toThrow(/`onRetry`/);
    expect(() => retryWithBackoff({ maxRetries: -1 })).toThrow(/`maxRetries`/);
    expect(() => retryWithBackoff({ baseDelayMs: 0 })).toThrow(/`baseDelayMs`/);
    expect(() => retryWithBackoff({ baseDelayMs: 100, maxDelayMs: 10 })).toThrow(/`maxDelayMs`/);
    expect(() => retryWithBackoff({ shouldRetry: 'yes' as never })).toThrow(/`shouldRetry`/);
    // Past 2³¹−1 ms a timer fires at once; under 1 ms a retry is a hot loop.
    expect(() => retryWithBackoff({ baseDelayMs: 2 ** 40, maxDelayMs: 2 ** 41 })).toThrow(
      /`baseDelayMs`/,
    );
    expect(() => retryWithBackoff({ baseDelayMs: 0.5 })).toThrow(/`baseDelayMs`/);
    expect(() => retryWithBackoff({ maxDelayMs: 2 ** 31 })).toThrow(
      new TypeError(
        'Expected `maxDelayMs` to be a number of milliseconds from 1 to 2147483647 (about 24.8 days), got 2147483648',
      ),
    );
    expect(() => retryWithBackoff({ maxRetryAfterMs: 2 ** 40 })).toThrow(/`maxRetryAfterMs`/);
    expect(() => retryWithBackoff({ maxRetryAfterMs: -1 })).toThrow(/`maxRetryAfterMs`/);
    expect(() => retryWithBackoff({ maxDelayMs: 2 ** 31 - 1, maxRetryAfterMs: 0 })).not.toThrow();
    expect(() => retryWithBackoff({ scheduler: {} as never })).toThrow(/`scheduler`/);
  });
});

describe('computeBackoffDelay', () => {
  it('draws uniformly between baseDelayMs and the doubled ceiling', () => {
    const options = { baseDelayMs: 1000, maxDelayMs: 60_000 };
    expect(computeBackoffDelay(1, { ...options, random: () => 0 })).toBe(1000);
    expect(computeBackoffDelay(1, { ...options, random: () => 0.5 })).toBe(1500);
    expect(computeBackoffDelay(3, { ...options, random: () => 1 })).toBe(8000);
    expect(computeBackoffDelay(10, { ...options, random: () => 1 })).toBe(60_000);
  });
});
