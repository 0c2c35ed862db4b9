// Edge cases of retryWithBackoff that its main tests leave open: what counts as retryable, which
// Retry-After values are honoured, and the options each TypeError names.
import { describe, expect, it } from 'vitest';
import { retryWithBackoff } from '../../src/operators/retry-with-backoff.js';
import { createTestScheduler } from '../helpers/marbles.js';

describe('retryWithBackoff, by default', () => {
  it.each([
    ['null', null],
    ['a string', 'boom'],
    ['an object without `retryable`', { message: 'no flag' }],
    ['`retryable` that is truthy but not true', { retryable: 'yes' }],
    ['`retryable: false`', { retryable: false }],
  ])('passes %s through at once, unchanged', (_name, error) => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-#', undefined, error);
      expectObservable(source.pipe(retryWithBackoff())).toBe('-#', undefined, error);
      expectSubscriptions(source.subscriptions).toBe('^!');
    });
  });
});

describe("retryWithBackoff and the server's Retry-After", () => {
  it.each([
    ['0', 0],
    ['just under baseDelayMs', 9],
  ])(
    'backs off when the server asks for a wait of %s, as if it had asked for none',
    (_name, retryAfterMs) => {
      createTestScheduler().run(({ cold, expectSubscriptions }) => {
        const source = cold('-#', undefined, { retryable: true, retryAfterMs });
        source
          .pipe(retryWithBackoff({ maxRetries: 2, baseDelayMs: 10, random: () => 0.5 }))
          .subscribe({ error: () => {} });
        // Halfway between 10 and 20 (15, from 1), then between 10 and 40 (25, from 17).
        expectSubscriptions(source.subscriptions).toBe(['^!', '16ms ^!', '42ms ^!']);
      });
    },
  );

  it('follows a wait of exactly baseDelayMs', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const source = cold('-#', undefined, { retryable: true, retryAfterMs: 10 });
      source
        .pipe(retryWithBackoff({ maxRetries: 1, baseDelayMs: 10, random: () => 0.5 }))
        .subscribe({ error: () => {} });
      expectSubscriptions(source.subscriptions).toBe(['^!', '11ms ^!']);
    });
  });

  it('waits less than baseDelayMs only for a maxRetryAfterMs the user set below it', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const source = cold('-#', undefined, { retryable: true, retryAfterMs: 30_000 });
      source
        .pipe(retryWithBackoff({ maxRetries: 1, baseDelayMs: 10, maxRetryAfterMs: 0 }))
        .subscribe({ error: () => {} });
      expectSubscriptions(source.subscriptions).toBe(['^!', '1ms ^!']);
    });
  });

  it.each([
    ['negative', -5],
    ['infinite', Number.POSITIVE_INFINITY],
    ['not a number', '300'],
    ['NaN', Number.NaN],
  ])('falls back to the backoff when the wait asked is %s', (_name, retryAfterMs) => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const source = cold('-#', undefined, { retryable: true, retryAfterMs });
      source
        .pipe(retryWithBackoff({ maxRetries: 1, baseDelayMs: 10, random: () => 0 }))
        .subscribe({ error: () => {} });
      // The lowest jitter draw: baseDelayMs.
      expectSubscriptions(source.subscriptions).toBe(['^!', '11ms ^!']);
    });
  });

  it.each([
    ['null', null],
    ['a string', 'boom'],
  ])('backs off on %s when shouldRetry accepts it', (_name, error) => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-#', undefined, error);
      const retried = source.pipe(
        retryWithBackoff({
          maxRetries: 1,
          baseDelayMs: 10,
          random: () => 0,
          shouldRetry: () => true,
        }),
      );
      expectObservable(retried).toBe('12ms #', undefined, error);
      expectSubscriptions(source.subscriptions).toBe(['^!', '11ms ^!']);
    });
  });
});

describe('retryWithBackoff options', () => {
  it('names each bad option in its TypeError', () => {
    expect(() => retryWithBackoff({ maxDelayMs: 0 })).toThrow(/`maxDelayMs`/);
    expect(() => retryWithBackoff({ maxRetryAfterMs: -1 })).toThrow(/`maxRetryAfterMs`/);
    expect(() => retryWithBackoff({ random: 'dice' as never })).toThrow(/`random`/);
    expect(() => retryWithBackoff({ scheduler: null as never })).toThrow(
      new TypeError('Expected `scheduler` to be a scheduler, such as asyncScheduler'),
    );
  });
});
