import { Observable, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../src/http/http-transport.js';
import { withRequestTimeout } from '../../src/http/timeout-transport.js';
import { createTestScheduler } from '../helpers/marbles.js';

const req: HttpRequest = {
  method: 'GET',
  url: 'https://gateway.example/v1/videos/sora_1',
  headers: {},
  maxBodyBytes: 1024,
};
const ok: HttpResponse = { status: 200, headers: {}, body: '{}' };

describe('withRequestTimeout', () => {
  it('fails a request with SORA_REQUEST_TIMEOUT past the limit and aborts it', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('------(r|)', { r: ok });
      const timed = withRequestTimeout(() => response, 4);
      expectObservable(timed(req)).toBe(
        '----#',
        undefined,
        expect.objectContaining({ code: 'SORA_REQUEST_TIMEOUT', timeoutMs: 4 }),
      );
      expectSubscriptions(response.subscriptions).toBe('^---!');
    });
  });

  it('lets a response within the limit through and leaves no timer behind', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const timed = withRequestTimeout(() => cold('--(r|)', { r: ok }), 50);
      expectObservable(timed(req)).toBe('--(r|)', { r: ok });
      flush();
    });
    // A timer left pending would have moved virtual time on to 50.
    expect(scheduler.now()).toBe(2);
  });

  it('times out on the scheduler it is given, with no TestScheduler.run', () => {
    const scheduler = createTestScheduler();
    let aborted = false;
    const hanging = new Observable<HttpResponse>(() => () => {
      aborted = true;
    });
    const errors: unknown[] = [];
    withRequestTimeout(
      () => hanging,
      30,
      scheduler,
    )(req).subscribe({
      error: (error: unknown) => errors.push([scheduler.now(), error]),
    });
    scheduler.flush();
    expect(errors).toEqual([[30, expect.objectContaining({ code: 'SORA_REQUEST_TIMEOUT' })]]);
    expect(aborted).toBe(true);
  });

  it('passes a synchronous answer through untouched', () => {
    const scheduler = createTestScheduler();
    const seen: unknown[] = [];
    withRequestTimeout(
      () => of(ok),
      30,
      scheduler,
    )(req).subscribe({
      next: (response) => seen.push(response),
      complete: () => seen.push('complete'),
    });
    scheduler.flush();
    expect(seen).toEqual([ok, 'complete']);
    expect(scheduler.now()).toBe(0);
  });

  it('refuses a time limit a timer cannot hold, naming it', () => {
    for (const timeoutMs of [0, 2 ** 31, Number.NaN]) {
      expect(() => withRequestTimeout(() => of(ok), timeoutMs)).toThrow(/`timeoutMs`/);
    }
  });
});
