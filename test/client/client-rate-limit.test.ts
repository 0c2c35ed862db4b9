import { map, merge, NEVER, type Observable, Subscription, timer } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SoraClientOptions } from '../../src/client/client-options.js';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { DownloadProgress } from '../../src/download/download-types.js';
import type { HttpResponse } from '../../src/http/http-transport.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { platform } from '../../src/platform/node.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import { createTestScheduler } from '../helpers/marbles.js';
import { mostInWindow } from '../helpers/most-in-window.js';
import { type PoolModel, pooledTransport } from '../helpers/pooled-transport.js';

const baseUrl = 'https://gateway.test/v1';
const apiKey = 'sk-test-key';

afterEach(() => {
  vi.restoreAllMocks();
});

function processing(id: string): HttpResponse {
  const task: VideoTask = {
    id,
    object: 'video.generation',
    // Long before virtual time 0, so the task is old enough to be done at any poll.
    created: -1_000_000,
    model: 'sora-2',
    status: 'processing',
    video_url: null,
    error: null,
  };
  return jsonResponse(task);
}

function tooManyRequests(headers: Record<string, string> = {}): HttpResponse {
  return jsonResponse({ error: 'slow down' }, { status: 429, headers });
}

/**
 * A client whose requests are answered after the timing of `http`: by `respond(id, attempt)`, where
 * `attempt` counts the requests for that task id, or by a `processing` task.
 */
function scriptedClient(
  http: Observable<unknown>,
  options: SoraClientOptions = {},
  respond: (id: string, attempt: number) => HttpResponse | undefined = () => undefined,
) {
  const attempts = new Map<string, number>();
  const transport = stubTransport((request) => {
    const id = request.url.slice(request.url.lastIndexOf('/') + 1);
    const attempt = attempts.get(id) ?? 0;
    attempts.set(id, attempt + 1);
    return http.pipe(map(() => respond(id, attempt) ?? processing(id)));
  });
  return { sora: createSoraClient({ baseUrl, apiKey, transport, ...options }), transport };
}

/**
 * Makes every download of the clients created next run `download$` instead of the real thing,
 * under the limits the client hands its downloader, as Node's downloader does.
 */
function fakeDownloads(download$: Observable<DownloadProgress>): void {
  vi.spyOn(platform, 'createDownloader').mockImplementation(({ limit }) =>
    Object.assign(() => limit(download$), { bytes: () => NEVER }),
  );
}

const saved: DownloadProgress = { file: '/videos/a.mp4', bytes: 10, totalBytes: 10, done: true };

function frames(subscriptions: ReadonlyArray<{ subscribedFrame: number }>): number[] {
  return subscriptions.map((subscription) => subscription.subscribedFrame);
}

/** Subscribes to `source` until virtual time `ms`, inside `TestScheduler.run`. */
function runUntil(scheduler: TestScheduler, ms: number, ...sources: Observable<unknown>[]): void {
  const subscription = new Subscription();
  for (const source of sources) subscription.add(source.subscribe({ error: () => {} }));
  subscription.add(timer(ms).subscribe(() => subscription.unsubscribe()));
  scheduler.flush();
}

describe('the downloads of a client', () => {
  it('never hold the slots of maxInFlight: a watch keeps polling on time behind two long downloads', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold }) => {
      const download = cold('600s (d|)', { d: saved });
      fakeDownloads(download);
      const http = cold('-(r|)');
      const { sora } = scriptedClient(http, { rateLimit: { maxInFlight: 2 } });
      runUntil(
        scheduler,
        35_000,
        sora.download$('https://cdn.test/a.mp4', { dir: '/videos' }),
        sora.download$('https://cdn.test/b.mp4', { dir: '/videos' }),
        sora.videoStatus$('sora_1', { intervalMs: 10_000, jitter: 0 }),
      );
      expect(frames(download.subscriptions)).toEqual([0, 0]);
      // Each poll follows the answer to the last (1 ms) by 10 s, as if no download ran.
      expect(frames(http.subscriptions)).toEqual([0, 10_001, 20_002, 30_003]);
    });
  });

  it.each<[string, SoraClientOptions['rateLimit'], number[]]>([
    ['4 at once without rateLimit', undefined, [0, 0, 0, 0, 10_000]],
    ['4 at once when maxDownloads is undefined', { maxDownloads: undefined }, [0, 0, 0, 0, 10_000]],
    ['maxDownloads at once', { maxDownloads: 2 }, [0, 0, 10_000, 10_000, 20_000]],
    ['all at once with a maxDownloads of Infinity', { maxDownloads: Infinity }, [0, 0, 0, 0, 0]],
  ])('run %s, the next starting as one ends', (_name, rateLimit, expected) => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold }) => {
      const download = cold('10s (d|)', { d: saved });
      fakeDownloads(download);
      const { sora } = scriptedClient(cold('-(r|)'), { rateLimit });
      const downloads = [1, 2, 3, 4, 5].map((n) =>
        sora.download$(`https://cdn.test/${n}.mp4`, { dir: '/videos' }),
      );
      runUntil(scheduler, 60_000, ...downloads);
      expect(frames(download.subscriptions)).toEqual(expected);
    });
  });

  it('take a rate token as they start, since their first request may go to the API', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold }) => {
      const download = cold('600s (d|)', { d: saved });
      fakeDownloads(download);
      const http = cold('-(r|)');
      const { sora } = scriptedClient(http, { rateLimit: { requestsPerSecond: 1, burst: 1 } });
      runUntil(
        scheduler,
        5_000,
        sora.download$('https://cdn.test/a.mp4', { dir: '/videos' }),
        sora.getVideo$('sora_1'),
      );
      expect(frames(download.subscriptions)).toEqual([0]);
      expect(frames(http.subscriptions)).toEqual([1_000]);
    });
  });
});

describe('a 429 to any request of a client', () => {
  it('holds every other request of ten watches for its Retry-After, without rateLimit', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold }) => {
      const http = cold('-(r|)');
      const ids = Array.from({ length: 10 }, (_, i) => `sora_${i}`);
      // The third poll of sora_3, sent at 2002, is refused at 2003 for 30 s.
      const { sora, transport } = scriptedClient(http, {}, (id, attempt) =>
        id === 'sora_3' && attempt === 2 ? tooManyRequests({ 'retry-after': '30' }) : undefined,
      );
      const watches = ids.map((id) => sora.videoStatus$(id, { intervalMs: 1_000, jitter: 0 }));
      runUntil(scheduler, 33_000, merge(...watches));

      const sent = frames(http.subscriptions);
      expect(sent.filter((frame) => frame > 2_002 && frame < 32_003)).toEqual([]);
      // Then every watch, the refused one among them, polls again at once.
      expect(sent.filter((frame) => frame >= 32_003)).toEqual(ids.map(() => 32_003));
      expect(transport.requests).toHaveLength(40);
    });
  });

  it.each<[string, Record<string, string>, SoraClientOptions['retry'], number]>([
    ['a Retry-After of 30 s', { 'retry-after': '30' }, {}, 30_000],
    ['the default maxRetryAfterMs, 120 s', { 'retry-after': '259200' }, {}, 120_000],
    ['maxRetryAfterMs', { 'retry-after': '259200' }, { maxRetryAfterMs: 5_000 }, 5_000],
    ['1 s when the 429 says nothing', {}, {}, 1_000],
    ['no time with a maxRetryAfterMs of 0', { 'retry-after': '30' }, { maxRetryAfterMs: 0 }, 0],
  ])('holds the next request for %s', (_name, headers, retry, pauseMs) => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold }) => {
      const http = cold('-(r|)');
      const { sora } = scriptedClient(http, { retry: { maxRetries: 0, ...retry } }, (id) =>
        id === 'sora_1' ? tooManyRequests(headers) : undefined,
      );
      runUntil(
        scheduler,
        200_000,
        sora.getVideo$('sora_1'),
        timer(10).pipe(map(() => sora.getVideo$('sora_2').subscribe())),
      );
      // The 429 arrives at 1; the next request asks at 10.
      expect(frames(http.subscriptions)).toEqual([0, Math.max(10, 1 + pauseMs)]);
    });
  });

  it.each<[string, Record<string, string>]>([
    ['Retry-After: 0', { 'retry-after': '0' }],
    ['an HTTP date in the past', { 'retry-after': 'Thu, 01 Jan 1970 00:00:00 GMT' }],
    ['retry-after-ms: 0', { 'retry-after-ms': '0' }],
  ])('holds the next request for at least 1 s after a 429 with %s', (_name, headers) => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold }) => {
      const http = cold('-(r|)');
      const { sora } = scriptedClient(http, { retry: { maxRetries: 0 } }, (id) =>
        id === 'sora_1' ? tooManyRequests(headers) : undefined,
      );
      runUntil(
        scheduler,
        200_000,
        sora.getVideo$('sora_1'),
        timer(10).pipe(map(() => sora.getVideo$('sora_2').subscribe())),
      );
      // The 429 arrives at 1: nothing goes out before 1001.
      expect(frames(http.subscriptions)).toEqual([0, 1_001]);
    });
  });

  it('never sends a request unsubscribed while it waited out the pause', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold }) => {
      const http = cold('-(r|)');
      const { sora, transport } = scriptedClient(http, { retry: { maxRetries: 0 } }, (id) =>
        id === 'sora_1' ? tooManyRequests({ 'retry-after': '30' }) : undefined,
      );
      sora.getVideo$('sora_1').subscribe({ error: () => {} });
      const waiting = new Subscription();
      timer(10).subscribe(() => waiting.add(sora.getVideo$('sora_2').subscribe()));
      timer(20_000).subscribe(() => waiting.unsubscribe());
      timer(40_000).subscribe(() => sora.getVideo$('sora_3').subscribe());
      scheduler.flush();

      expect(transport.requests.map((request) => request.url)).toEqual([
        `${baseUrl}/videos/sora_1`,
        `${baseUrl}/videos/sora_3`,
      ]);
      expect(frames(http.subscriptions)).toEqual([0, 40_000]);
    });
  });
});

describe('the rateLimit option', () => {
  it('takes undefined for the default of every field: no limit', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold }) => {
      const http = cold('-----(r|)');
      const { sora } = scriptedClient(http, {
        rateLimit: {
          requestsPerSecond: undefined,
          burst: undefined,
          maxInFlight: undefined,
          maxDownloads: undefined,
        },
      });
      const gets = Array.from({ length: 10 }, (_, i) => sora.getVideo$(`sora_${i}`));
      runUntil(scheduler, 1_000, ...gets);
      expect(frames(http.subscriptions)).toEqual(gets.map(() => 0));
    });
  });

  it.each<[string, SoraClientOptions['rateLimit'], RegExp]>([
    ['a maxDownloads of 0', { maxDownloads: 0 }, /Expected `maxDownloads`/],
    ['a fractional maxDownloads', { maxDownloads: 1.5 }, /Expected `maxDownloads`/],
    [
      'a maxDownloads that is not a number',
      { maxDownloads: '2' as never },
      /Expected `maxDownloads`/,
    ],
    ['a maxInFlight of 0', { maxInFlight: 0 }, /`maxInFlight`/],
    ['a burst without requestsPerSecond', { burst: 5 }, /`burst`/],
  ])('rejects %s with a TypeError that names it', (_name, rateLimit, named) => {
    expect(() => createSoraClient({ baseUrl, apiKey, rateLimit })).toThrow(TypeError);
    expect(() => createSoraClient({ baseUrl, apiKey, rateLimit })).toThrow(named);
  });
});

describe('the rate limit as the server sees it', () => {
  const rateLimit = { requestsPerSecond: 10, burst: 10 };

  /**
   * Sends `count` getVideo$ through a client on `model`, all at once or in waves (how many at each
   * time), until they all end; returns when they reached the server, in order.
   */
  function sendAll(model: PoolModel, count: number, waves = new Map([[0, count]])) {
    const scheduler = createTestScheduler();
    let ended = 0;
    const transport = pooledTransport(scheduler, model);
    scheduler.run(() => {
      const sora = createSoraClient({ baseUrl, apiKey, transport, rateLimit, scheduler });
      let sent = 0;
      for (const [at, size] of waves) {
        scheduler.schedule(() => {
          for (const end = sent + size; sent < end; sent++) {
            sora.getVideo$(`sora_${sent}`).subscribe({
              complete: () => (ended += 1),
              error: () => (ended += 1),
            });
          }
        }, at);
      }
      scheduler.flush();
    });
    expect(ended).toBe(count);
    return [...transport.arrivals].sort((a, b) => a - b);
  }

  it('holds rate + burst in every second while the first connections open', () => {
    // The burst waits 150 ms for its connections, longer than a token takes to come.
    const arrivals = sendAll(
      {
        connections: 10,
        connectMs: 150,
        answer: (_i, _at, id) => ({ ms: 5, response: processing(id) }),
      },
      300,
    );
    expect(arrivals).toHaveLength(300);
    expect(mostInWindow(arrivals)).toBe(20);
  });

  it('holds rate + burst in every second when slow answers free their connections at once', () => {
    // Four connections held 3 s each: requests pile up behind them, then go out together.
    const arrivals = sendAll(
      {
        connections: 4,
        connectMs: 20,
        answer: (_i, arrivedAt, id) => ({
          ms: arrivedAt < 2_000 ? 3_000 : 5,
          response: processing(id),
        }),
      },
      200,
    );
    expect(arrivals).toHaveLength(200);
    expect(mostInWindow(arrivals)).toBeLessThanOrEqual(20);
  });

  it('holds rate + burst in every second when requests reach the server late', () => {
    // The first burst takes 1.5 s to arrive; a second burst, a second later, arrives at once.
    const arrivals = sendAll(
      {
        connections: 64,
        connectMs: 0,
        latencyMs: (i) => (i < 10 ? 1_500 : 0),
        answer: (_i, _at, id) => ({ ms: 5, response: processing(id) }),
      },
      40,
      new Map([
        [0, 10],
        [1_000, 30],
      ]),
    );
    expect(arrivals).toHaveLength(40);
    expect(mostInWindow(arrivals)).toBeLessThanOrEqual(20);
  });

  it('holds rate + burst in every second around a 429 pause', () => {
    const arrivals = sendAll(
      {
        connections: 10,
        connectMs: 150,
        answer: (i, _at, id) => ({
          ms: 5,
          response: i === 40 ? tooManyRequests({ 'retry-after': '2' }) : processing(id),
        }),
      },
      200,
    );
    // The 200 requests and the retry of the refused one.
    expect(arrivals).toHaveLength(201);
    const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] as number));
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(2_000);
    expect(mostInWindow(arrivals)).toBeLessThanOrEqual(20);
  });
});
