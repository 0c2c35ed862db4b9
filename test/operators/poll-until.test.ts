import {
  defer,
  delay,
  map,
  type Observable,
  of,
  type SchedulerLike,
  tap,
  VirtualTimeScheduler,
} from 'rxjs';
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/operators/poll-until.js';
import { MAX_TIMER_MS } from '../../src/util/assert-options.js';
import { createTestScheduler } from '../helpers/marbles.js';
import { referencePollUntil } from '../reference/poll-until.js';

// Every test runs against the hand-written poll loop and its twin composed from standard operators.
const implementations = [
  ['pollUntil', pollUntil],
  ['referencePollUntil, its twin', referencePollUntil],
] as const;

describe.each(implementations)('%s', (_name, poll) => {
  it('requests at once, then an interval after each response, and completes on the done value', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('--(r|)');
      let count = 0;
      const request$ = response.pipe(map(() => ++count));

      const polled = poll(request$, (n) => n === 3, { intervalMs: 10 });

      expectObservable(polled).toBe('--a 11ms b 11ms (c|)', { a: 1, b: 2, c: 3 });
      expectSubscriptions(response.subscriptions).toBe(['^-!', '12ms ^-!', '24ms ^-!']);
    });
  });

  it('emits the done value and stops when the first response is already done', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('-(d|)', { d: 'done' });

      expectObservable(poll(response, (v) => v === 'done', { intervalMs: 5 })).toBe('-(d|)', {
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

      expectObservable(poll(request$, (n) => n === 2, { intervalMs: 2 })).toBe('-----a 6ms (b|)', {
        a: 1,
        b: 2,
      });
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
        poll(request$, (n) => n === 2, { intervalMs: 100, jitter: 0.1, random }).subscribe();
        expectSubscriptions(response.subscriptions).toBe(['(^!)', `${gap}ms (^!)`]);
      });
    }
  });

  it('keeps every jittered delay within the bounds with real randomness', () => {
    createTestScheduler().run(({ cold, flush }) => {
      const response = cold('(r|)');
      let count = 0;
      const request$ = response.pipe(map(() => ++count));
      poll(request$, (n) => n === 200, { intervalMs: 1000, jitter: 0.2 }).subscribe();
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
      poll(request$, (v) => v.n === 3, {
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
      poll(request$, (n) => n === 3, {
        intervalMs: (_n, index) => (index + 1) * 10,
      }).subscribe();
      expectSubscriptions(response.subscriptions).toBe(['(^!)', '10ms (^!)', '30ms (^!)']);
    });
  });

  it('cancels the pending timer when unsubscribed between polls', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('-(r|)', { r: 'pending' });

      expectObservable(
        poll(response, () => false, { intervalMs: 10 }),
        '^ 5ms !',
      ).toBe('-r', { r: 'pending' });
      expectSubscriptions(response.subscriptions).toBe('^!');
    });
  });

  it('cancels the request in flight when unsubscribed', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('----(r|)', { r: 'pending' });

      expectObservable(
        poll(response, () => false, { intervalMs: 2 }),
        '^ 7ms !',
      ).toBe('----r', { r: 'pending' });
      expectSubscriptions(response.subscriptions).toBe(['^---!', '6ms ^-!']);
    });
  });

  it('stops polling when a request errors', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('--#', undefined, new Error('boom'));

      expectObservable(poll(response, () => false, { intervalMs: 2 })).toBe(
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
        const polled = poll(response, () => false, { intervalMs: 4, deadline: deadline(8) });
        expectObservable(polled).toBe('-r----r-#', { r: 'pending' }, new Error('stuck at pending'));
        expectSubscriptions(response.subscriptions).toBe(['^!', '5ms ^!']);
      });
    });

    it('cancels the request in flight at the deadline, with undefined when nothing came', () => {
      createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const response = cold('-----(r|)');
        const polled = poll(response, () => false, { intervalMs: 1, deadline: deadline(3) });
        expectObservable(polled).toBe('---#', undefined, new Error('stuck at undefined'));
        expectSubscriptions(response.subscriptions).toBe('^--!');
      });
    });

    it('holds one timer at a time: a poll due after the deadline never starts', () => {
      createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const response = cold('(r|)', { r: 'pending' });
        const polled = poll(response, () => false, { intervalMs: 10, deadline: deadline(6) });
        expectObservable(polled).toBe('r-----#', { r: 'pending' }, new Error('stuck at pending'));
        expectSubscriptions(response.subscriptions).toBe('(^!)');
      });
    });

    it('completes in time and leaves no timer behind', () => {
      const scheduler = createTestScheduler();
      scheduler.run(({ cold, expectObservable, flush }) => {
        let count = 0;
        const request$ = cold('-(r|)').pipe(map(() => ++count));
        const polled = poll(request$, (n) => n === 2, {
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
      expect(() => poll(request$, () => true, { intervalMs: 5, deadline: deadline(0) })).toThrow(
        /`deadline.ms`/,
      );
    });
  });

  describe('with a scheduler', () => {
    /** Polls three times at 10 ms ±50 % (drawn high), answering after 3 ms, and logs the times. */
    function pollThrice(clock: SchedulerLike, scheduler?: SchedulerLike): string[] {
      const log: string[] = [];
      let count = 0;
      const request$ = defer(() => {
        log.push(`request@${clock.now()}`);
        return of(++count).pipe(delay(3, clock));
      });
      const options = { intervalMs: 10, jitter: 0.5, random: () => 1 };
      poll(request$, (n) => n === 3, scheduler ? { ...options, scheduler } : options).subscribe({
        next: (n) => log.push(`${n}@${clock.now()}`),
        complete: () => log.push(`complete@${clock.now()}`),
      });
      return log;
    }
    const expected = [
      'request@0',
      '1@3',
      'request@18',
      '2@21',
      'request@36',
      '3@39',
      'complete@39',
    ];

    it('runs every timer on the scheduler it is given, with no TestScheduler.run', () => {
      for (const scheduler of [new VirtualTimeScheduler(), createTestScheduler()]) {
        const log = pollThrice(scheduler, scheduler);
        scheduler.flush();
        expect(log).toEqual(expected);
      }
    });

    it('keeps the timing of asyncScheduler inside TestScheduler.run', () => {
      const scheduler = createTestScheduler();
      scheduler.run(({ flush }) => {
        const log = pollThrice(scheduler);
        flush();
        expect(log).toEqual(expected);
      });
    });

    it('reads the deadline from the scheduler it is given', () => {
      const scheduler = createTestScheduler();
      // Outside run(), a marble frame is 10 ms.
      const response = scheduler.createColdObservable('-r|', { r: 'pending' });
      const polled = poll(response, () => false, {
        intervalMs: 20,
        deadline: { ms: 100, error: (last) => `stuck at ${last}` },
        scheduler,
      });
      scheduler.expectObservable(polled).toBe('-r---r---r#', { r: 'pending' }, 'stuck at pending');
      scheduler.expectSubscriptions(response.subscriptions).toBe(['^-!', '----^-!', '--------^-!']);
      scheduler.flush();
    });
  });

  describe('with replan', () => {
    it('moves a waiting poll to the new interval after the last response, at once if it is past', () => {
      createTestScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const response = cold('-(r|)');
        let count = 0;
        const request$ = response.pipe(map(() => ++count));
        let interval = 20;
        const faster = hot('------f-s');
        const replan = faster.pipe(tap((speed) => (interval = speed === 'f' ? 3 : 9)));

        const polled = poll(request$, (n) => n === 3, { intervalMs: () => interval, replan });

        // Due at 21, then at 4 once faster: past, so at once (6). Due at 10, then at 16 once slower.
        expectObservable(polled).toBe('-a 5ms b 9ms (c|)', { a: 1, b: 2, c: 3 });
        expectSubscriptions(response.subscriptions).toBe(['^!', '6ms ^!', '16ms ^!']);
        expectSubscriptions(faster.subscriptions).toBe('^ 16ms !');
      });
    });

    it('keeps the jitter drawn when the wait began', () => {
      const draws = [1, 0];
      createTestScheduler().run(({ cold, hot, expectSubscriptions }) => {
        const response = cold('-(r|)');
        let count = 0;
        const request$ = response.pipe(map(() => ++count));
        let interval = 20;
        const replan = hot('----x').pipe(tap(() => (interval = 10)));

        poll(request$, (n) => n === 2, {
          intervalMs: () => interval,
          jitter: 0.5,
          random: () => draws.shift() ?? 0.5,
          replan,
        }).subscribe();

        // 20·1.5 = 30 after 1, then 10·1.5 = 15 after 1: a fresh draw would give 10·0.5 = 5.
        expectSubscriptions(response.subscriptions).toBe(['^!', '16ms ^!']);
      });
      expect(draws).toEqual([0]);
    });

    it("leaves alone a request in flight and a wait that the server's hint set", () => {
      let asked = 0;
      createTestScheduler().run(({ cold, hot, expectSubscriptions }) => {
        const response = cold('---(r|)');
        let count = 0;
        const request$ = response.pipe(
          map(() => ({ n: ++count, hint: count === 1 ? 10 : undefined })),
        );
        const replan = hot('-x 4ms x 8ms x');

        poll(request$, (v) => v.n === 2, {
          intervalMs: () => {
            asked += 1;
            return 1;
          },
          delayHintMs: (v) => v.hint,
          replan,
        }).subscribe();

        // In flight at 1 and 16; waiting on the hint at 6.
        expectSubscriptions(response.subscriptions).toBe(['^--!', '13ms ^--!']);
      });
      expect(asked).toBe(0);
    });

    it('still gives up at the deadline when a replan moves the poll past it', () => {
      createTestScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const response = cold('-(r|)', { r: 'pending' });
        let interval = 6;
        const slower = hot('---s');
        const replan = slower.pipe(tap(() => (interval = 50)));
        const polled = poll(response, () => false, {
          intervalMs: () => interval,
          deadline: { ms: 10, error: (last) => new Error(`stuck at ${last}`) },
          replan,
        });
        expectObservable(polled).toBe('-r 8ms #', { r: 'pending' }, new Error('stuck at pending'));
        expectSubscriptions(response.subscriptions).toBe('^!');
        expectSubscriptions(slower.subscriptions).toBe('^ 9ms !');
      });
    });

    it('ends with the error of replan, cancelling the request in flight', () => {
      createTestScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const response = cold('-----(r|)');
        const replan = hot('--#', undefined, new Error('lost'));
        const polled = poll(response, () => false, { intervalMs: 5, replan });
        expectObservable(polled).toBe('--#', undefined, new Error('lost'));
        expectSubscriptions(response.subscriptions).toBe('^-!');
        expectSubscriptions(replan.subscriptions).toBe('^-!');
      });
    });

    it('unsubscribes from replan when unsubscribed', () => {
      createTestScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const response = cold('-(r|)', { r: 'pending' });
        const replan = hot('--x--x--x');
        const polled = poll(response, () => false, { intervalMs: 100, replan });
        expectObservable(polled, '^ 6ms !').toBe('-r', { r: 'pending' });
        expectSubscriptions(replan.subscriptions).toBe('^ 6ms !');
      });
    });
  });

  describe('when a callback throws', () => {
    const boom = new Error('boom');
    const throws = () => {
      throw boom;
    };

    it('errors with what isDone threw, without emitting the value, and cancels the request', () => {
      createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const response = cold('-r--|', { r: 'pending' });
        expectObservable(poll(response, throws, { intervalMs: 2 })).toBe('-#', undefined, boom);
        expectSubscriptions(response.subscriptions).toBe('^!');
      });
    });

    it('errors with what an intervalMs function threw, and polls no more', () => {
      createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const response = cold('-(r|)', { r: 'pending' });
        const polled = poll(response, () => false, { intervalMs: throws });
        expectObservable(polled).toBe('-(r#)', { r: 'pending' }, boom);
        expectSubscriptions(response.subscriptions).toBe('^!');
      });
    });

    it('errors with what delayHintMs or random threw, and polls no more', () => {
      for (const options of [
        { intervalMs: 2, delayHintMs: throws },
        { intervalMs: 2, jitter: 0.1, random: throws },
      ]) {
        createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
          const response = cold('-(r|)', { r: 'pending' });
          const polled = poll(response, () => false, options);
          expectObservable(polled).toBe('-(r#)', { r: 'pending' }, boom);
          expectSubscriptions(response.subscriptions).toBe('^!');
        });
      }
    });

    it('errors with what deadline.error threw, and cancels the request in flight', () => {
      createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const response = cold('-----(r|)');
        const polled = poll(response, () => false, {
          intervalMs: 1,
          deadline: { ms: 3, error: throws },
        });
        expectObservable(polled).toBe('---#', undefined, boom);
        expectSubscriptions(response.subscriptions).toBe('^--!');
      });
    });

    it('errors with a TypeError when intervalMs or delayHintMs returns no usable delay', () => {
      for (const [options, message] of [
        [
          { intervalMs: () => Number.NaN },
          'Expected `intervalMs` to return a non-negative number, got NaN',
        ],
        [
          { intervalMs: 5, delayHintMs: () => -1 },
          'Expected `delayHintMs` to return a non-negative number, got -1',
        ],
      ] as const) {
        createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
          const response = cold('-(r|)', { r: 'pending' });
          const polled = poll(response, () => false, options);
          expectObservable(polled).toBe('-(r#)', { r: 'pending' }, new TypeError(message));
          expectSubscriptions(response.subscriptions).toBe('^!');
        });
      }
    });
  });

  it('waits at most 2³¹−1 ms, the longest a timer holds, however long intervalMs or a hint asks', () => {
    const scheduler = createTestScheduler();
    scheduler.run(() => {
      const at: number[] = [];
      const request$ = defer(() => {
        at.push(scheduler.now());
        return of(at.length);
      });
      poll(request$, (n) => n === 3, {
        intervalMs: () => 2 ** 40,
        delayHintMs: (n) => (n === 2 ? 2 ** 41 : undefined),
        scheduler,
      }).subscribe();
      scheduler.flush();
      expect(at).toEqual([0, MAX_TIMER_MS, 2 * MAX_TIMER_MS]);
    });
  });

  it('rejects bad options with a TypeError that names them', () => {
    const request$ = createTestScheduler().createColdObservable('a|');
    expect(() => poll(request$, () => true, { intervalMs: -5 })).toThrow(
      new TypeError(
        'Expected `intervalMs` to be a number of milliseconds from 1 to 2147483647 (about 24.8 days), got -5',
      ),
    );
    // Past 2³¹−1 ms a timer fires at once; under 1 ms a poll is a hot loop.
    for (const intervalMs of [2 ** 31, 2 ** 40, 1e-9, 0.5, Number.POSITIVE_INFINITY]) {
      expect(() => poll(request$, () => true, { intervalMs })).toThrow(/`intervalMs`/);
    }
    expect(() =>
      poll(request$, () => true, { intervalMs: 5, deadline: { ms: 2 ** 40, error: () => 1 } }),
    ).toThrow(/`deadline.ms`/);
    expect(() => poll(request$, () => true, { intervalMs: MAX_TIMER_MS })).not.toThrow();
    expect(() => poll(request$, () => true, { intervalMs: 1 })).not.toThrow();
    expect(() => poll(request$, () => true, { intervalMs: 5, jitter: 2 })).toThrow(/`jitter`/);
    expect(() =>
      poll(request$, () => true, { intervalMs: 5, replan: {} as Observable<unknown> }),
    ).toThrow(new TypeError('Expected `replan` to be an Observable'));
    expect(() =>
      poll(request$, () => true, { intervalMs: 5, scheduler: {} as SchedulerLike }),
    ).toThrow(/`scheduler`/);
  });
});
