// What the main rate limiter tests leave open: the default burst, how the rate climbs back after a
// pause, fractional tokens, the counts it reports, and that it leaves no timer and no deep stack.
import { asyncScheduler, merge, NEVER, of, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/operators/rate-limiter.js';
import { createTestScheduler } from '../helpers/marbles.js';

describe('createRateLimiter, beyond the basics', () => {
  it('holds a burst of requestsPerSecond tokens by default', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const job = cold('(r|)');
      const limiter = createRateLimiter({ requestsPerSecond: 5 });
      merge(...[1, 2, 3, 4, 5, 6].map(() => limiter.limit(job))).subscribe();
      expectSubscriptions(job.subscriptions).toBe([
        '(^!)',
        '(^!)',
        '(^!)',
        '(^!)',
        '(^!)',
        '200ms (^!)',
      ]);
    });
  });

  it('climbs back after a pause by a tenth of the configured rate per second', () => {
    createTestScheduler().run(({ flush }) => {
      const limiter = createRateLimiter({ requestsPerSecond: 100 });
      limiter.pause(1000);
      expect(limiter.rate).toBe(50);
      timer(3000).subscribe(() => limiter.limit(of(1)).subscribe());
      flush();
      // Two seconds after the pause: 50 + 2 × 10.
      expect(limiter.rate).toBe(70);
    });
  });

  it('halves the rate again for a refusal that comes as the pause ends', () => {
    createTestScheduler().run(({ flush }) => {
      const limiter = createRateLimiter({ requestsPerSecond: 100 });
      limiter.pause(1000);
      timer(1000).subscribe(() => limiter.pause(1000));
      flush();
      expect(limiter.rate).toBe(25);
    });
  });

  it('waits only for the part of a token still missing', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const job = cold('(r|)');
      const limiter = createRateLimiter({ requestsPerSecond: 1, burst: 1 });
      limiter.limit(job).subscribe();
      // Half a token has come back by 500 ms: the other half takes 500 ms more.
      timer(500).subscribe(() => limiter.limit(job).subscribe());
      expectSubscriptions(job.subscriptions).toBe(['(^!)', '1000ms (^!)']);
    });
  });

  it('counts the jobs waiting and running as they start, end and give up', () => {
    const limiter = createRateLimiter({ maxInFlight: 1 });
    const first = limiter.limit(NEVER).subscribe();
    const second = limiter.limit(NEVER).subscribe();
    const third = limiter.limit(NEVER).subscribe();
    expect([limiter.inFlight, limiter.waiting]).toEqual([1, 2]);
    second.unsubscribe();
    expect([limiter.inFlight, limiter.waiting]).toEqual([1, 1]);
    first.unsubscribe();
    expect([limiter.inFlight, limiter.waiting]).toEqual([1, 0]);
    third.unsubscribe();
    expect([limiter.inFlight, limiter.waiting]).toEqual([0, 0]);
  });

  it('frees no slot when a job that holds none ends', () => {
    const limiter = createRateLimiter({ maxInFlight: 1 });
    limiter.limit(of('download'), { holdsSlot: false }).subscribe();
    const polls = [limiter.limit(NEVER).subscribe(), limiter.limit(NEVER).subscribe()];
    expect([limiter.inFlight, limiter.waiting]).toEqual([1, 1]);
    for (const poll of polls) poll.unsubscribe();
  });

  it('starts a job already waiting when a second pause ends, not never', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const job = cold('(r|)');
      const limiter = createRateLimiter({});
      limiter.pause(500);
      timer(100).subscribe(() => limiter.limit(job).subscribe());
      timer(200).subscribe(() => limiter.pause(1000));
      expectSubscriptions(job.subscriptions).toBe('1200ms (^!)');
    });
  });

  it('leaves no timer once the last waiting job gives up its place', () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout');
    const before = timers().length;
    const limiter = createRateLimiter({
      requestsPerSecond: 1,
      burst: 1,
      scheduler: asyncScheduler,
    });
    limiter.limit(of(1)).subscribe();
    const waiting = limiter.limit(of(2)).subscribe();
    expect(timers().length).toBe(before + 1);
    waiting.unsubscribe();
    expect(timers().length).toBe(before);
  });

  it('starts 20,000 waiting jobs that end at once without exhausting the stack', () => {
    createTestScheduler().run(({ flush }) => {
      const limiter = createRateLimiter({});
      limiter.pause(100);
      let ended = 0;
      for (let i = 0; i < 20_000; i++) {
        limiter.limit(of(i)).subscribe({ complete: () => (ended += 1) });
      }
      flush();
      expect(ended).toBe(20_000);
    });
  });
});
