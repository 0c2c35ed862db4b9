import { describe, expect, it } from 'vitest';
import { withDeadline } from '../../src/operators/with-deadline.js';
import { createTestScheduler } from '../marbles.js';

describe('withDeadline', () => {
  it('errors at the deadline with the last value, unsubscribing the source', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a--b------c|');
      const limited = source.pipe(withDeadline(8, (last) => new Error(`stuck at ${last}`)));
      expectObservable(limited).toBe('-a--b---#', { a: 'a', b: 'b' }, new Error('stuck at b'));
      expectSubscriptions(source.subscriptions).toBe('^-------!');
    });
  });

  it('passes undefined to createError when nothing arrived', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const limited = cold('-----a|').pipe(withDeadline(3, (last) => ({ last })));
      expectObservable(limited).toBe('---#', undefined, { last: undefined });
    });
  });

  it('mirrors a source that completes in time, and clears its timer', () => {
    createTestScheduler().run(({ cold, expectObservable, flush }) => {
      const limited = cold('-a|').pipe(withDeadline(10, () => new Error('late')));
      expectObservable(limited).toBe('-a|');
      flush();
    });
  });

  it('passes source errors through', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('--#').pipe(withDeadline(10, () => 'late'))).toBe('--#');
    });
  });

  it('rejects a non-positive time limit', () => {
    expect(() => withDeadline(0, () => 'late')).toThrow(/`maxWaitMs`/);
  });
});
