import { defer, merge, mergeMap, of, range, type SchedulerLike, takeUntil, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/operators/rate-limiter.js';
import { createTestScheduler } from '../helpers/marbles.js';

describe('createRateLimiter', () => {
  it('starts a burst at once, then one job per token', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const job = cold('(r|)');
      const limiter = createRateLimiter({ requestsPerSecond: 10, burst: 2 });
      const all = merge(...[1, 2, 3, 4].map(() => limiter.limit(job)));
      expectObservable(all).toBe('(rr) 96ms r 99ms (r|)');
      expectSubscriptions(job.subscriptions).toBe(['(^!)', '(^!)', '100ms (^!)', '200ms (^!)']);
    });
  });

  it('runs at most maxInFlight jobs at once, starting the next as one ends', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const job = cold('-----(r|)');
      const limiter = createRateLimiter({ requestsPerSecond: 1000, burst: 100, maxInFlight: 2 });
      merge(...[1, 2, 3].map(() => limiter.limit(job))).subscribe();
      expectSubscriptions(job.subscriptions).toBe(['^----!', '^----!', '-----^----!']);
    });
  });

  it('pauses every job for the time asked, then resumes at half the rate, without a burst', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectSubscriptions }) => {
      const job = cold('(r|)');
      const limiter = createRateLimiter({ requestsPerSecond: 10, burst: 5 });
      limiter.pause(1000);
      expect(limiter.rate).toBe(5);
      merge(...[1, 2].map(() => limiter.limit(job))).subscribe();
      // At 5 per second the first token comes 200 ms after the pause; the rate then climbs back.
      expectSubscriptions(job.subscriptions).toBe(['1200ms (^!)', '1393ms (^!)']);
    });
  });

  it('halves the rate once per wave of refusals, then climbs back by a tenth of it per second', () => {
    createTestScheduler().run(({ flush }) => {
      const limiter = createRateLimiter({ requestsPerSecond: 10 });
      limiter.pause(100);
      limiter.pause(100);
      expect(limiter.rate).toBe(5);
      timer(200).subscribe(() => limiter.pause(100));
      timer(3300).subscribe(() => limiter.limit(of(1)).subscribe());
      flush();
      expect(limiter.rate).toBeCloseTo(5.55);
    });
  });

  it('serves jobs first come, first served', () => {
    createTestScheduler().run(({ expectObservable }) => {
      const limiter = createRateLimiter({ requestsPerSecond: 1, burst: 1 });
      const jobs = merge(...['a', 'b', 'c'].map((name) => limiter.limit(of(name))));
      expectObservable(jobs).toBe('a 999ms b 999ms (c|)');
    });
  });

  it('gives up the place in line of a job unsubscribed before its start', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const job = cold('(r|)');
      const limiter = createRateLimiter({ requestsPerSecond: 1, burst: 1 });
      expectObservable(limiter.limit(job)).toBe('(r|)');
      expectObservable(limiter.limit(job), '^ 500ms !').toBe('');
      expectObservable(limiter.limit(job)).toBe('1000ms (r|)');
      expectSubscriptions(job.subscriptions).toBe(['(^!)', '1000ms (^!)']);
    });
  });

  it('cancels a running job and frees its slot when unsubscribed', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold('----------(r|)');
      const fast = cold('(f|)');
      const limiter = createRateLimiter({ requestsPerSecond: 1000, maxInFlight: 1 });
      expectObservable(limiter.limit(slow), '^--!').toBe('');
      expectObservable(limiter.limit(fast)).toBe('---(f|)');
      expectSubscriptions(slow.subscriptions).toBe('^--!');
    });
  });

  it('keeps 1000 pollers within two polls of each other', () => {
    const scheduler = createTestScheduler();
    const counts = new Array<number>(1000).fill(0);
    scheduler.run(() => {
      // 1000 tasks poll every 10 s through a limiter allowing 50 requests per second: the limiter,
      // not the interval, sets the pace, and it must share it evenly.
      const limiter = createRateLimiter({ requestsPerSecond: 50, burst: 10 });
      range(0, 1000)
        .pipe(
          mergeMap((task) =>
            timer(0, 10_000).pipe(
              mergeMap(() => limiter.limit(of(task))),
              takeUntil(timer(45_000)),
            ),
          ),
        )
        .subscribe((task) => {
          counts[task] = (counts[task] ?? 0) + 1;
        });
    });
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2);
  });

  it('starts a job that holds no slot while maxInFlight jobs run, once it has a token', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const slow = cold('1000ms (r|)');
      const free = cold('600s (f|)');
      const limiter = createRateLimiter({ requestsPerSecond: 10, burst: 2, maxInFlight: 1 });
      merge(
        limiter.limit(slow),
        limiter.limit(free, { holdsSlot: false }),
        limiter.limit(free, { holdsSlot: false }),
      ).subscribe();
      // The burst of 2 covers the first two; the third waits 100 ms for a token, not for a slot.
      expectSubscriptions(slow.subscriptions).toBe('^ 999ms !');
      expectSubscriptions(free.subscriptions).toBe(['^ 599999ms !', '100ms ^ 599999ms !']);
      expect(limiter.inFlight).toBe(1);
    });
  });

  it('never lets jobs that hold no slot keep the others from their slots', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const download = cold('600s (d|)');
      const poll = cold('(p|)');
      const limiter = createRateLimiter({ requestsPerSecond: 1000, burst: 10, maxInFlight: 2 });
      merge(
        limiter.limit(download, { holdsSlot: false }),
        limiter.limit(download, { holdsSlot: false }),
        limiter.limit(poll),
        limiter.limit(poll),
        limiter.limit(poll),
      ).subscribe();
      expectSubscriptions(poll.subscriptions).toBe(['(^!)', '(^!)', '(^!)']);
    });
  });

  it('starts a job that holds no slot as soon as the job ahead of it, waiting for a slot, gives up', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold('1000ms (r|)');
      const free = cold('(f|)');
      const limiter = createRateLimiter({ requestsPerSecond: 1000, burst: 10, maxInFlight: 1 });
      limiter.limit(slow).subscribe();
      expectObservable(limiter.limit(slow), '100ms !').toBe('');
      expectObservable(limiter.limit(free, { holdsSlot: false })).toBe('100ms (f|)');
      expectSubscriptions(free.subscriptions).toBe('100ms (^!)');
    });
  });

  it('without requestsPerSecond, starts every job at once, up to maxInFlight', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const job = cold('-----(r|)');
      const limiter = createRateLimiter({ maxInFlight: 2 });
      merge(...[1, 2, 3].map(() => limiter.limit(job))).subscribe();
      expectSubscriptions(job.subscriptions).toBe(['^----!', '^----!', '-----^----!']);
      expect(limiter.rate).toBe(Number.POSITIVE_INFINITY);
    });
  });

  it('without requestsPerSecond, holds jobs during a pause, then starts every waiting job at once', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const job = cold('(r|)');
      const limiter = createRateLimiter({});
      limiter.pause(1000);
      merge(...[1, 2, 3].map(() => limiter.limit(job))).subscribe();
      timer(400).subscribe(() => limiter.limit(job).subscribe());
      timer(1500).subscribe(() => limiter.limit(job).subscribe());
      expectSubscriptions(job.subscriptions).toBe([
        '1000ms (^!)',
        '1000ms (^!)',
        '1000ms (^!)',
        '1000ms (^!)',
        '1500ms (^!)',
      ]);
      expect(limiter.rate).toBe(Number.POSITIVE_INFINITY);
    });
  });

  it('never starts a job unsubscribed while it waited out a pause', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const job = cold('(r|)');
      const limiter = createRateLimiter({});
      limiter.pause(1000);
      expectObservable(limiter.limit(job), '^ 500ms !').toBe('');
      expectObservable(limiter.limit(job)).toBe('1000ms (r|)');
      expectSubscriptions(job.subscriptions).toBe(['1000ms (^!)']);
    });
  });

  it('takes undefined for the default of every option', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const job = cold('-----(r|)');
      const limiter = createRateLimiter({
        requestsPerSecond: undefined,
        burst: undefined,
        maxInFlight: undefined,
      });
      merge(...[1, 2, 3].map(() => limiter.limit(job))).subscribe();
      expectSubscriptions(job.subscriptions).toBe(['^----!', '^----!', '^----!']);
    });
  });

  it('rejects bad options with a TypeError that names them', () => {
    expect(() => createRateLimiter({ requestsPerSecond: 0 })).toThrow(/`requestsPerSecond`/);
    expect(() => createRateLimiter({ requestsPerSecond: 1, burst: -1 })).toThrow(/`burst`/);
    expect(() => createRateLimiter({ requestsPerSecond: 1, maxInFlight: 0 })).toThrow(
      /`maxInFlight`/,
    );
    expect(() => createRateLimiter({ maxInFlight: '2' as never })).toThrow(/`maxInFlight`/);
    expect(() => createRateLimiter({ maxInFlight: 1.5 })).toThrow(/`maxInFlight`/);
    // A burst bounds a rate: alone it would do nothing, which the user cannot have meant.
    expect(() => createRateLimiter({ burst: 5 })).toThrow(/`burst`.*`requestsPerSecond`/);
    // A bucket of less than one token never holds a whole one: every job would wait forever.
    expect(() => createRateLimiter({ requestsPerSecond: 1, burst: 0.5 })).toThrow(
      new TypeError('Expected `burst` to be a number of at least 1, got 0.5'),
    );
    expect(() => createRateLimiter({ requestsPerSecond: 1, burst: Infinity })).toThrow(/`burst`/);
    expect(() =>
      createRateLimiter({ requestsPerSecond: 1, burst: undefined, maxInFlight: undefined }),
    ).not.toThrow();
  });

  it('refuses a pause that is not a number of milliseconds, naming it', () => {
    const limiter = createRateLimiter({ requestsPerSecond: 1 });
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 40]) {
      expect(() => limiter.pause(ms)).toThrow(/`ms`/);
    }
  });

  it('never sets a timer past 2³¹−1 ms, even at a rate of one job in years', () => {
    const scheduler = createTestScheduler();
    const delays: number[] = [];
    const recording: SchedulerLike = {
      now: () => scheduler.now(),
      schedule: (work, delay, state) => {
        delays.push(delay ?? 0);
        return scheduler.schedule(work as never, delay, state);
      },
    };
    scheduler.run(() => {
      // One token every 10¹² ms: the second job is due in about 31 years.
      const limiter = createRateLimiter({ requestsPerSecond: 1e-9, scheduler: recording });
      const started: number[] = [];
      const job = defer(() => of(started.push(scheduler.now())));
      limiter.limit(job).subscribe();
      limiter.limit(job).subscribe();
      scheduler.flush();
      expect(started).toEqual([0, 1e12]);
      expect(delays.length).toBeGreaterThan(0);
      expect(Math.max(...delays)).toBeLessThanOrEqual(2 ** 31 - 1);
    });
  });
});
