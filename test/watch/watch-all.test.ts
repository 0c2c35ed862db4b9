import { lastValueFrom, map, type Observable, of, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { HttpResponse } from '../../src/http/http-transport.js';
import { undiciTransport } from '../../src/http/undici-transport.js';
import { type SoraSimulator, startSoraSimulator } from '../../src/testing/simulator/index.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import { summarizeWatch, type WatchEvent, type WatchSummary } from '../../src/watch/watch-all.js';
import { createTestScheduler } from '../helpers/marbles.js';
import { countInFlight, runVirtualClock } from '../helpers/virtual-io-clock.js';

const baseUrl = 'https://gateway.test/v1';

function task(id: string, status: string) {
  return {
    id,
    object: 'video.generation',
    created: -1e6, // long before virtual time 0: old enough to be done at any poll
    model: 'sora-2',
    status,
    video_url: null,
    error: null,
  };
}

/** Answers each id from its own script of responses, the last one repeating. */
function scriptedById(http: Observable<unknown>, scripts: Record<string, HttpResponse[]>) {
  const calls = new Map<string, number>();
  return stubTransport((req) => {
    const id = decodeURIComponent(req.url.split('/').pop() ?? '');
    const n = calls.get(id) ?? 0;
    calls.set(id, n + 1);
    const script = scripts[id] ?? [jsonResponse({}, { status: 404 })];
    return http.pipe(map(() => script[Math.min(n, script.length - 1)] as HttpResponse));
  });
}

const describeEvent = (event: WatchEvent) =>
  event.task
    ? `${event.id}:${event.task.status}`
    : `${event.id}:${(event.error as { code: string }).code}`;

describe('watchAll$', () => {
  it("merges every task's events, turns one task's error into an event, and completes when all are done", () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const transport = scriptedById(cold('-(r|)'), {
        a: [jsonResponse(task('a', 'queued')), jsonResponse(task('a', 'completed'))],
        b: [jsonResponse(task('b', 'failed'))],
      });
      const sora = createSoraClient({
        baseUrl,
        apiKey: 'k',
        transport,
        poll: { intervalMs: 10, jitter: 0 },
        // One GET per task and poll: list pages are tested in list-status-source.test.ts.
        listPolling: false,
      });
      expectObservable(sora.watchAll$(['a', 'b', 'missing']).pipe(map(describeEvent))).toBe(
        '-(xyz) 6ms (w|)',
        {
          x: 'a:queued',
          y: 'b:failed',
          z: 'missing:SORA_NOT_FOUND',
          w: 'a:completed',
        },
      );
    });
  });

  it('watches at most `concurrency` tasks at once', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const transport = scriptedById(cold('----(r|)'), {
        a: [jsonResponse(task('a', 'completed'))],
        b: [jsonResponse(task('b', 'completed'))],
        c: [jsonResponse(task('c', 'completed'))],
      });
      const sora = createSoraClient({ baseUrl, apiKey: 'k', transport, listPolling: false });
      expectObservable(
        sora.watchAll$(['a', 'b', 'c'], { concurrency: 2 }).pipe(map(describeEvent)),
      ).toBe('----(xy)(z|)', { x: 'a:completed', y: 'b:completed', z: 'c:completed' });
    });
  });

  it('takes ids from an Observable, and a bad id ends only its own watch', () => {
    createTestScheduler().run(({ cold, hot, expectObservable }) => {
      const transport = scriptedById(cold('(r|)'), { a: [jsonResponse(task('a', 'completed'))] });
      const sora = createSoraClient({ baseUrl, apiKey: 'k', transport });
      const ids = hot('-a-b-|', { a: 'a', b: '..' });
      const events = sora
        .watchAll$(ids)
        .pipe(map((e) => (e.task ? describeEvent(e) : `${e.id}:${(e.error as Error).name}`)));
      expectObservable(events).toBe('-x-y-|', { x: 'a:completed', y: '..:SoraInvalidTaskIdError' });
    });
  });

  it('rejects a concurrency below 1', () => {
    const sora = createSoraClient({ baseUrl, apiKey: 'k', transport: stubTransport(() => of()) });
    expect(() => sora.watchAll$(['a'], { concurrency: 0 })).toThrow(/`concurrency`/);
    expect(() => sora.watchAll$(['a'], { concurrency: 1.5 })).toThrow(/`concurrency`/);
  });

  it.each<[string, unknown, string]>([
    [
      'a string, which would watch each of its characters',
      'abc',
      'the string "abc": pass ["abc"] to watch one task',
    ],
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['a plain object', { a: 'a' }, 'an object'],
  ])('refuses ids given as %s with a TypeError, before any request', (_name, ids, shown) => {
    const transport = stubTransport(() => of());
    const sora = createSoraClient({ baseUrl, apiKey: 'k', transport });
    expect(() => sora.watchAll$(ids as string[])).toThrow(
      new TypeError(
        `Expected \`ids\` to be an iterable or an Observable of task ids, got ${shown}`,
      ),
    );
    expect(transport.requests).toHaveLength(0);
  });

  it('checks its watch options at the call, before any subscription, as videoStatus$ does', () => {
    const transport = stubTransport(() => of());
    const sora = createSoraClient({ baseUrl, apiKey: 'k', transport });
    expect(() => sora.watchAll$(['a'], { intervalMs: -1 })).toThrow(/`intervalMs`/);
    expect(() => sora.watchAll$(['a'], { maxWaitMs: 2 ** 40 })).toThrow(/`maxWaitMs`/);
    expect(() => sora.watchAll$(['a'], { retry: { baseDelayMs: 0 } })).toThrow(/`baseDelayMs`/);
    expect(() => sora.watchAll$(['a'], { retry: { retries: 1 } as never })).toThrow(
      /Unknown option `retries`/,
    );
    expect(() => sora.watchAll$(['a'], { interval: 5 } as never)).toThrow(
      /Unknown option `interval`/,
    );
    expect(() =>
      sora.watchAll$(['a'], { intervalMs: undefined, concurrency: undefined }),
    ).not.toThrow();
    expect(transport.requests).toHaveLength(0);
  });
});

describe('summarizeWatch', () => {
  it('counts the last outcome of every id', () => {
    const events: Record<string, WatchEvent> = {
      a: { id: 'a', task: task('a', 'queued') as never },
      b: { id: 'b', error: new Error('gone') },
      c: { id: 'a', task: task('a', 'completed') as never },
      d: { id: 'c', task: task('c', 'failed') as never },
    };
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('abcd|', events);
      expectObservable(source.pipe(summarizeWatch())).toBe('----(s|)', {
        s: { total: 3, completed: ['a'], failed: ['c'], errored: ['b'] },
      });
    });
  });

  it('adds up the cost of the tasks that reported one, the last report of each id winning', () => {
    const costing = (id: string, status: string, cost: unknown) =>
      ({ ...task(id, status), usage: { cost, is_byok: false } }) as never;
    const events: Record<string, WatchEvent> = {
      a: { id: 'a', task: costing('a', 'processing', 0.1) },
      b: { id: 'a', task: costing('a', 'completed', 0.25) },
      c: { id: 'b', task: costing('b', 'failed', 0.5) },
      d: { id: 'c', task: costing('c', 'completed', 'free') },
      e: { id: 'd', task: task('d', 'completed') as never },
    };
    createTestScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('abcde|', events).pipe(summarizeWatch())).toBe('-----(s|)', {
        s: {
          total: 4,
          completed: ['a', 'c', 'd'],
          failed: ['b'],
          errored: [],
          cost: 0.75,
          costed: 2,
        },
      });
    });
  });

  it('has no cost when no task reported one, so a summary without costs is as before', async () => {
    const summary = await lastValueFrom(
      of<WatchEvent>({ id: 'a', task: task('a', 'completed') as never }).pipe(summarizeWatch()),
    );
    expect(summary).toStrictEqual({ total: 1, completed: ['a'], failed: [], errored: [] });
  });
});

describe('watchAll$ against the simulator', () => {
  let sim: SoraSimulator | undefined;
  afterEach(() => sim?.close());

  it('rides out a server rate limit over real HTTP: one wave of 429s, then every task done', async () => {
    // The simulator and the client share one virtual clock: the server's one-second window and
    // the client's pause and rate are exact, the requests real.
    const scheduler = new VirtualTimeScheduler();
    sim = await startSoraSimulator({
      clock: scheduler,
      timeScale: 10_000,
      faults: { rateLimit: { maxRequestsPerSecond: 10, retryAfterMs: true } },
    });
    const ids = Array.from(
      { length: 15 },
      () => sim?.createTask({ status: 'completed' }).id as string,
    );
    const { transport, inFlight } = countInFlight(undiciTransport());
    const sent: number[] = [];
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      transport: (req) => {
        sent.push(scheduler.frame);
        return transport(req);
      },
      scheduler,
      rateLimit: { requestsPerSecond: 20, burst: 15 },
    });

    let summary: WatchSummary | undefined;
    const subscription = sora
      .watchAll$(ids)
      .pipe(summarizeWatch())
      .subscribe((result) => (summary = result));
    await runVirtualClock(scheduler, {
      busy: () => inFlight() > 0,
      done: () => summary !== undefined,
      limitMs: 60_000,
    });
    subscription.unsubscribe();

    expect(summary).toMatchObject({ total: 15, errored: [], failed: [] });
    expect(summary?.completed).toHaveLength(15);
    // The burst of 15 meets the limit of 10 once; after the pause the client resumes at half its
    // rate, inside the server's limit, so no second wave is refused.
    const refused = sim.metrics.faults.rateLimited;
    expect(refused).toBe(5);
    // Nothing is sent during the Retry-After of the wave; then every request comes slower than
    // the client's own 20 per second.
    const resumed = sent.filter((at) => at > 0);
    expect(resumed.length).toBeGreaterThanOrEqual(refused);
    expect(resumed[0]).toBeGreaterThanOrEqual(1_000);
    for (const [i, at] of resumed.entries()) {
      if (i > 0) expect(at - (resumed[i - 1] ?? 0)).toBeGreaterThan(1_000 / 20);
    }
    // One `GET /videos` more: the seed API has no list, found once (405) and never asked again.
    expect(sim.metrics.totalRequests).toBe(15 + refused + 1);
  });
});
