import { map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/operators/poll-until.js';
import { createTestScheduler } from '../marbles.js';

describe('pollUntil', () => {
  it('requests at once, then an interval after each response, and completes on the done value', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('--(r|)');
      let count = 0;
      const request$ = response.pipe(map(() => ++count));

      const polled = pollUntil(request$, (n) => n === 3, { intervalMs: 10 });

      expectObservable(polled).toBe('--a 11ms b 11ms (c|)', { a: 1, b: 2, c: 3 });
      expectSubscriptions(response.subscriptions).toBe(['^-!', '12ms ^-!', '24ms ^-!']);
    });
  });

  it('emits the done value and stops when the first response is already done', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('-(d|)', { d: 'done' });

      expectObservable(pollUntil(response, (v) => v === 'done', { intervalMs: 5 })).toBe('-(d|)', {
        d: 'done',
      });
      expectSubscriptions(response.subscriptions).toBe('^!');
    });
  });

  it('never cancels a response slower than the interval, and never overlaps requests', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('-----(r|)');
      let count = 0;
      const request$ = response.pipe(map(() => ++count));

      expectObservable(pollUntil(request$, (n) => n === 2, { intervalMs: 2 })).toBe(
        '-----a 6ms (b|)',
        {
          a: 1,
          b: 2,
        },
      );
      expectSubscriptions(response.subscriptions).toBe(['^----!', '7ms ^----!']);
    });
  });

  it('stretches and shrinks the interval by at most the jitter', () => {
    for (const [random, gap] of [
      [() => 0, 90],
      [() => 0.5, 100],
      [() => 1, 110],
    ] as const) {
      createTestScheduler().run(({ cold, expectSubscriptions }) => {
        const response = cold('(r|)');
        let count = 0;
        const request$ = response.pipe(map(() => ++count));
        pollUntil(request$, (n) => n === 2, { intervalMs: 100, jitter: 0.1, random }).subscribe();
        expectSubscriptions(response.subscriptions).toBe(['(^!)', `${gap}ms (^!)`]);
      });
    }
  });

  it('keeps every jittered delay within the bounds with real randomness', () => {
    createTestScheduler().run(({ cold, flush }) => {
      const response = cold('(r|)');
      let count = 0;
      const request$ = response.pipe(map(() => ++count));
      pollUntil(request$, (n) => n === 200, { intervalMs: 1000, jitter: 0.2 }).subscribe();
      flush();
      const frames = response.subscriptions.map((s) => s.subscribedFrame);
      const gaps = frames.slice(1).map((frame, i) => frame - (frames[i] ?? 0));
      expect(gaps).toHaveLength(199);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(800);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(1200);
      expect(new Set(gaps).size).toBeGreaterThan(1);
    });
  });

  it("waits the server's hint instead of the interval when a response carries one", () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const response = cold('(r|)');
      let count = 0;
      const request$ = response.pipe(
        map(() => ({ n: ++count, hint: count === 1 ? 7 : undefined })),
      );
      pollUntil(request$, (v) => v.n === 3, {
        intervalMs: 50,
        delayHintMs: (v) => v.hint,
      }).subscribe();
      expectSubscriptions(response.subscriptions).toBe(['(^!)', '7ms (^!)', '57ms (^!)']);
    });
  });

  it('takes the interval from a function of the last value and its index', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const response = cold('(r|)');
      let count = 0;
      const request$ = response.pipe(map(() => ++count));
      pollUntil(request$, (n) => n === 3, {
        intervalMs: (_n, index) => (index + 1) * 10,
      }).subscribe();
      expectSubscriptions(response.subscriptions).toBe(['(^!)', '10ms (^!)', '30ms (^!)']);
    });
  });

  it('cancels the pending timer when unsubscribed between polls', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('-(r|)', { r: 'pending' });

      expectObservable(
        pollUntil(response, () => false, { intervalMs: 10 }),
        '^ 5ms !',
      ).toBe('-r', { r: 'pending' });
      expectSubscriptions(response.subscriptions).toBe('^!');
    });
  });

  it('cancels the request in flight when unsubscribed', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('----(r|)', { r: 'pending' });

      expectObservable(
        pollUntil(response, () => false, { intervalMs: 2 }),
        '^ 7ms !',
      ).toBe('----r', { r: 'pending' });
      expectSubscriptions(response.subscriptions).toBe(['^---!', '6ms ^-!']);
    });
  });

  it('stops polling when a request errors', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('--#', undefined, new Error('boom'));

      expectObservable(pollUntil(response, () => false, { intervalMs: 2 })).toBe(
        '--#',
        undefined,
        new Error('boom'),
      );
      expectSubscriptions(response.subscriptions).toBe('^-!');
    });
  });

  describe('with a deadline', () => {
    const deadline = (ms: number) => ({
      ms,
      error: (last: unknown) => new Error(`stuck at ${last}`),
    });

    it('errors at the deadline with the last value, cancelling the pending timer', () => {
      createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const response = cold('-(r|)', { r: 'pending' });
        const polled = pollUntil(response, () => false, { intervalMs: 4, deadline: deadline(8) });
        expectObservable(polled).toBe('-r----r-#', { r: 'pending' }, new Error('stuck at pending'));
        expectSubscriptions(response.subscriptions).toBe(['^!', '5ms ^!']);
      });
    });

    it('cancels the request in flight at the deadline, with undefined when nothing came', () => {
      createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const response = cold('-----(r|)');
        const polled = pollUntil(response, () => false, { intervalMs: 1, deadline: deadline(3) });
        expectObservable(polled).toBe('---#', undefined, new Error('stuck at undefined'));
        expectSubscriptions(response.subscriptions).toBe('^--!');
      });
    });

    it('holds one timer at a time: a poll due after the deadline never starts', () => {
      createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const response = cold('(r|)', { r: 'pending' });
        const polled = pollUntil(response, () => false, { intervalMs: 10, deadline: deadline(6) });
        expectObservable(polled).toBe('r-----#', { r: 'pending' }, new Error('stuck at pending'));
        expectSubscriptions(response.subscriptions).toBe('(^!)');
      });
    });

    it('completes in time and leaves no timer behind', () => {
      const scheduler = createTestScheduler();
      scheduler.run(({ cold, expectObservable, flush }) => {
        let count = 0;
        const request$ = cold('-(r|)').pipe(map(() => ++count));
        const polled = pollUntil(request$, (n) => n === 2, {
          intervalMs: 2,
          deadline: deadline(100),
        });
        expectObservable(polled).toBe('-a--(b|)', { a: 1, b: 2 });
        flush();
        // A deadline timer left pending would have moved virtual time on to 100.
        expect(scheduler.now()).toBe(4);
      });
    });

    it('rejects a non-positive time limit', () => {
      const request$ = createTestScheduler().createColdObservable('a|');
      expect(() =>
        pollUntil(request$, () => true, { intervalMs: 5, deadline: deadline(0) }),
      ).toThrow(/`deadline.ms`/);
    });
  });

  it('rejects bad options with a TypeError that names them', () => {
    const request$ = createTestScheduler().createColdObservable('a|');
    expect(() => pollUntil(request$, () => true, { intervalMs: -5 })).toThrow(
      new TypeError('Expected `intervalMs` to be a positive number, got -5'),
    );
    expect(() => pollUntil(request$, () => true, { intervalMs: 5, jitter: 2 })).toThrow(/`jitter`/);
  });
});
