import { map, type Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { SoraClientOptions } from '../../src/client/client-options.js';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { HttpResponse } from '../../src/http/http-transport.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import { createTestScheduler } from '../helpers/marbles.js';
import { apiKey, baseUrl, scriptedClient as clientOn, task } from '../helpers/scripted-client.js';
import { WATCH_PARTS } from '../reference/watch-parts.js';

function htmlResponse(body: string): HttpResponse {
  return { status: 200, headers: { 'content-type': 'text/html' }, body };
}

function errorOf(observable: Observable<unknown>, scheduler: TestScheduler): unknown {
  let caught: unknown;
  observable.subscribe({ error: (error: unknown) => (caught = error) });
  scheduler.flush();
  return caught;
}

describe.each(WATCH_PARTS)('createSoraClient().videoStatus$ on the %s', (_parts, parts) => {
  const scriptedClient = (
    http: Observable<unknown>,
    responses: HttpResponse[],
    options: SoraClientOptions = {},
  ) => clientOn(http, responses, options, parts);

  it('polls every 30 s ± 10 % by default, emits each change, and completes on the terminal task', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold }) => {
      const http = cold('--(r|)');
      const { sora } = scriptedClient(http, [
        jsonResponse(task('queued')),
        jsonResponse(task('queued')),
        jsonResponse(task('processing')),
        jsonResponse(task('completed')),
      ]);
      const statuses = sora.videoStatus$('sora_1').pipe(map((t) => t.status));
      const emitted: string[] = [];
      statuses.subscribe({ next: (s) => emitted.push(s), complete: () => emitted.push('|') });
      scheduler.flush();

      expect(emitted).toEqual(['queued', 'processing', 'completed', '|']);
      const frames = http.subscriptions.map((s) => s.subscribedFrame);
      expect(frames).toHaveLength(4);
      const waits = frames.slice(1).map((frame, i) => frame - (frames[i] ?? 0) - 2);
      for (const wait of waits) {
        expect(wait).toBeGreaterThanOrEqual(27_000);
        expect(wait).toBeLessThanOrEqual(33_000);
      }
    });
  });

  it('emits only when status, progress, URL or error change', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const http = cold('(r|)');
      const { sora } = scriptedClient(http, [
        jsonResponse(task('queued')),
        jsonResponse(task('queued')),
        jsonResponse(task('processing', { progress: 10 })),
        jsonResponse(task('processing', { progress: 10 })),
        jsonResponse(task('processing', { progress: 60 })),
        jsonResponse(task('completed', { progress: 100 })),
      ]);
      const progress$ = sora
        .videoStatus$('sora_1', { intervalMs: 10, jitter: 0 })
        .pipe(map((t) => `${t.status}:${t.progress ?? '-'}`));
      expectObservable(progress$).toBe('a 19ms b 19ms c 9ms (d|)', {
        a: 'queued:-',
        b: 'processing:10',
        c: 'processing:60',
        d: 'completed:100',
      });
    });
  });

  it('emits a failed task as a value and completes, so merged watches survive it', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const http = cold('-(r|)');
      const { sora } = scriptedClient(http, [jsonResponse(task('failed'))]);
      expectObservable(sora.videoStatus$('sora_1').pipe(map((t) => t.error))).toBe('-(e|)', {
        e: 'content policy',
      });
    });
  });

  it.each([
    [401, 'SORA_AUTH'],
    [403, 'SORA_AUTH'],
    [404, 'SORA_NOT_FOUND'],
    [400, 'SORA_HTTP'],
  ])('ends at once on a permanent %i, without retrying', (status, code) => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectSubscriptions }) => {
      const http = cold('--(r|)');
      const { sora } = scriptedClient(http, [
        jsonResponse({ error: { message: 'no' } }, { status }),
      ]);
      expect(errorOf(sora.videoStatus$('sora_1'), scheduler)).toMatchObject({ code, status });
      expectSubscriptions(http.subscriptions).toBe('^-!');
    });
  });

  it('retries a transient 500 with backoff, then polls on at the usual interval', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const http = cold('--(r|)');
      const { sora } = scriptedClient(http, [
        jsonResponse({ error: 'oops' }, { status: 500 }),
        jsonResponse(task('queued')),
        jsonResponse(task('completed')),
      ]);
      const status$ = sora
        .videoStatus$('sora_1', { intervalMs: 100, jitter: 0, retry: { random: () => 0 } })
        .pipe(map((t) => t.status));
      // The 500 at 2 is retried after baseDelayMs (1 s); the next poll follows 100 ms after the answer.
      expectObservable(status$).toBe('1004ms q 101ms (c|)', { q: 'queued', c: 'completed' });
      expectSubscriptions(http.subscriptions).toBe(['^-!', '1002ms ^-!', '1104ms ^-!']);
    });
  });

  it("waits a 429's Retry-After before retrying, clamped to maxRetryAfterMs", () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const http = cold('(r|)');
      const { sora } = scriptedClient(http, [
        jsonResponse({}, { status: 429, headers: { 'retry-after': '5' } }),
        jsonResponse({}, { status: 429, headers: { 'retry-after': String(3 * 24 * 3600) } }),
        jsonResponse(task('completed')),
      ]);
      sora.videoStatus$('sora_1').subscribe();
      expectSubscriptions(http.subscriptions).toBe(['(^!)', '5000ms (^!)', '125000ms (^!)']);
    });
  });

  it("follows the server's poll hint, never below minHintMs", () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const http = cold('(r|)');
      const { sora } = scriptedClient(http, [
        jsonResponse(task('queued'), { headers: { 'openai-poll-after-ms': '5000' } }),
        jsonResponse(task('processing'), { headers: { 'openai-poll-after-ms': '0' } }),
        jsonResponse(task('completed')),
      ]);
      sora.videoStatus$('sora_1').subscribe();
      expectSubscriptions(http.subscriptions).toBe(['(^!)', '5000ms (^!)', '6000ms (^!)']);
    });
  });

  it.each([
    ['the default maxHintMs, 2 min', undefined, '120000ms'],
    ['a maxHintMs the user set', 60_000, '60000ms'],
  ])("clamps a server's poll hint of ten days to %s", (_name, maxHintMs, wait) => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const http = cold('(r|)');
      const { sora } = scriptedClient(http, [
        jsonResponse(task('queued'), { headers: { 'openai-poll-after-ms': String(864_000_000) } }),
        jsonResponse(task('completed')),
      ]);
      sora.videoStatus$('sora_1', { maxHintMs }).subscribe();
      expectSubscriptions(http.subscriptions).toBe(['(^!)', `${wait} (^!)`]);
    });
  });

  it('errors with SORA_POLL_TIMEOUT past maxWaitMs, carrying the last task, and cancels the request in flight', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectSubscriptions }) => {
      const http = cold('----------(r|)');
      const { sora } = scriptedClient(http, [jsonResponse(task('processing', { progress: 40 }))]);
      const error = errorOf(
        sora.videoStatus$('sora_1', { intervalMs: 40, jitter: 0, maxWaitMs: 105 }),
        scheduler,
      );
      expect(error).toMatchObject({
        code: 'SORA_POLL_TIMEOUT',
        maxWaitMs: 105,
        lastTask: { progress: 40 },
      });
      expectSubscriptions(http.subscriptions).toBe([
        '^---------!',
        '50ms ^---------!',
        '100ms ^----!',
      ]);
    });
  });

  it('ends with SORA_DECODE on an unknown status, after one request: no hot loop, never done', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectSubscriptions }) => {
      const http = cold('-(r|)');
      const { sora } = scriptedClient(http, [
        jsonResponse(task('processing', { status: 'mystery' as never })),
      ]);
      const error = errorOf(sora.videoStatus$('sora_1'), scheduler);
      expect(error).toMatchObject({ code: 'SORA_DECODE', value: { status: 'mystery' } });
      expect((error as Error).message).toMatch(/status: got "mystery"/);
      expect((error as Error).message).toMatch(/statusAliases/);
      expectSubscriptions(http.subscriptions).toBe('^!');
    });
  });

  it('retries a poll answered with truncated JSON or an HTML page, with backoff, and goes on', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const http = cold('--(r|)');
      const { sora } = scriptedClient(http, [
        { ...jsonResponse(task('queued')), body: '{"id":"sora_1","status":"que' },
        htmlResponse('<html><body><h1>502 Bad Gateway</h1></body></html>'),
        jsonResponse(task('completed')),
      ]);
      const status$ = sora
        .videoStatus$('sora_1', { intervalMs: 100, jitter: 0, retry: { random: () => 0 } })
        .pipe(map((t) => t.status));
      expectObservable(status$).toBe('2006ms (c|)', { c: 'completed' });
      expectSubscriptions(http.subscriptions).toBe(['^-!', '1002ms ^-!', '2004ms ^-!']);
    });
  });

  it('ends with a retryable SORA_DECODE once maxRetries garbage answers in a row are spent', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectSubscriptions }) => {
      const http = cold('-(r|)');
      const { sora } = scriptedClient(http, [htmlResponse('<html>maintenance</html>')]);
      const error = errorOf(
        sora.videoStatus$('sora_1', { retry: { maxRetries: 2, baseDelayMs: 10, random: () => 0 } }),
        scheduler,
      );
      expect(error).toMatchObject({ code: 'SORA_DECODE', retryable: true });
      expectSubscriptions(http.subscriptions).toBe(['^!', '11ms ^!', '22ms ^!']);
    });
  });

  it('retries an answer about another task, and never emits that task', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const http = cold('--(r|)');
      const { sora } = scriptedClient(http, [
        jsonResponse(task('completed', { id: 'sora_OTHER' })),
        jsonResponse(task('completed')),
      ]);
      const id$ = sora
        .videoStatus$('sora_1', { retry: { random: () => 0 } })
        .pipe(map((t) => `${t.id}/${t.status}`));
      expectObservable(id$).toBe('1004ms (c|)', { c: 'sora_1/completed' });
      expectSubscriptions(http.subscriptions).toBe(['^-!', '1002ms ^-!']);
    });
  });

  it('ends with SORA_TASK_MISMATCH when every answer is about another task', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold }) => {
      const http = cold('-(r|)');
      const { sora } = scriptedClient(http, [
        jsonResponse(task('completed', { id: 'sora_OTHER' })),
      ]);
      const emitted: unknown[] = [];
      let caught: unknown;
      sora
        .videoStatus$('sora_1', { retry: { maxRetries: 1, baseDelayMs: 10, random: () => 0 } })
        .subscribe({ next: (t) => emitted.push(t), error: (e: unknown) => (caught = e) });
      scheduler.flush();
      expect(emitted).toEqual([]);
      expect(caught).toMatchObject({
        code: 'SORA_TASK_MISMATCH',
        retryable: true,
        taskId: 'sora_1',
        receivedId: 'sora_OTHER',
      });
      expect((caught as Error).message).toMatch(/"sora_OTHER".*"sora_1"/);
    });
  });

  it('maps the status aliases of other gateways, including ones the client adds', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const http = cold('(r|)');
      const { sora } = scriptedClient(
        http,
        [
          jsonResponse({ ...task('queued'), status: 'NOT_START' }),
          jsonResponse({ ...task('queued'), status: 'rendering' }),
          jsonResponse({ ...task('queued'), status: 'expired' }),
        ],
        { statusAliases: { rendering: 'processing' } },
      );
      const status$ = sora
        .videoStatus$('sora_1', { intervalMs: 10, jitter: 0 })
        .pipe(map((t) => `${t.status}/${t.error}`));
      expectObservable(status$).toBe('a 9ms b 9ms (c|)', {
        a: 'queued/null',
        b: 'processing/null',
        c: 'failed/The video expired; gateways keep a video about a day. Generate it again. (status "expired")',
      });
    });
  });

  it('shares one poll loop between subscribers to the same id, and replays the latest task to late ones', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const http = cold('-(r|)');
      const { sora } = scriptedClient(http, [
        jsonResponse(task('queued')),
        jsonResponse(task('processing')),
        jsonResponse(task('completed')),
      ]);
      const options = { intervalMs: 10, jitter: 0 };
      const first = sora.videoStatus$('sora_1', options).pipe(map((t) => t.status[0]));
      const late = sora
        .videoStatus$('sora_1', { intervalMs: 10, jitter: 0 })
        .pipe(map((t) => t.status[0]));

      expectObservable(first).toBe('-q 10ms p 10ms (c|)', { q: 'q', p: 'p', c: 'c' });
      expectObservable(late, '---^').toBe('---q 8ms p 10ms (c|)', { q: 'q', p: 'p', c: 'c' });
      expectSubscriptions(http.subscriptions).toBe(['^!', '11ms ^!', '22ms ^!']);
    });
  });

  it('stops the shared loop, aborting the request in flight, when the last subscriber leaves', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const http = cold('-----(r|)');
      const { sora } = scriptedClient(http, [jsonResponse(task('queued'))]);
      expectObservable(sora.videoStatus$('sora_1'), '^--!').toBe('');
      expectObservable(sora.videoStatus$('sora_1'), '^---!').toBe('');
      expectSubscriptions(http.subscriptions).toBe('^---!');
    });
  });

  it('starts a fresh loop for a subscriber who comes after the task completed', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const http = cold('-(r|)');
      const { sora } = scriptedClient(http, [jsonResponse(task('completed'))]);
      expectObservable(sora.videoStatus$('sora_1').pipe(map((t) => t.status[0]))).toBe('-(c|)', {
        c: 'c',
      });
      expectObservable(sora.videoStatus$('sora_1').pipe(map((t) => t.status[0])), '-----^').toBe(
        '------(c|)',
        {
          c: 'c',
        },
      );
      expectSubscriptions(http.subscriptions).toBe(['^!', '-----^!']);
    });
  });

  it('does not share loops between different ids or different options', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const http = cold('-(r|)');
      const { sora, transport } = scriptedClient(http, [
        jsonResponse(task('completed')),
        jsonResponse(task('completed', { id: 'sora_2' })),
        jsonResponse(task('completed')),
      ]);
      sora.videoStatus$('sora_1').subscribe();
      sora.videoStatus$('sora_2').subscribe();
      sora.videoStatus$('sora_1', { intervalMs: 1000 }).subscribe();
      expectSubscriptions(http.subscriptions).toBe(['^!', '^!', '^!']);
      expect(transport.requests.map((r) => r.url)).toEqual([
        `${baseUrl}/videos/sora_1`,
        `${baseUrl}/videos/sora_2`,
        `${baseUrl}/videos/sora_1`,
      ]);
    });
  });

  it('rejects bad ids and options, before any request: a TypeError at the call, or SORA_INVALID_TASK_ID on the stream for a string no URL can carry', () => {
    const transport = stubTransport(() => {
      throw new Error('no request expected');
    });
    const sora = createSoraClient({ baseUrl, apiKey, transport });
    expect(() => sora.videoStatus$(42 as unknown as string)).toThrow(TypeError);
    for (const id of ['', '.', '..', 'sora_\ud800x']) {
      let caught: unknown;
      sora.videoStatus$(id).subscribe({ error: (error: unknown) => (caught = error) });
      expect(caught).toMatchObject({ code: 'SORA_INVALID_TASK_ID', taskId: id });
      expect((caught as Error).message).toContain('`id`');
    }
    expect(() => sora.videoStatus$('sora_1', { intervalMs: 0 })).toThrow(/`intervalMs`/);
    expect(() => sora.videoStatus$('sora_1', { jitter: 1.5 })).toThrow(/`jitter`/);
    expect(() => sora.videoStatus$('sora_1', { maxWaitMs: 2 ** 40 })).toThrow(/`maxWaitMs`/);
    expect(() => sora.videoStatus$('sora_1', { minHintMs: 10, maxHintMs: 5 })).toThrow(
      /`maxHintMs`/,
    );
    expect(() => sora.videoStatus$('sora_1', { retry: { baseDelayMs: 2 ** 40 } })).toThrow(
      /`baseDelayMs`/,
    );
    expect(() => sora.videoStatus$('sora_1', { retry: { maxRetries: -1 } })).toThrow(
      /`maxRetries`/,
    );
    expect(() => sora.videoStatus$('sora_1', { intervalMS: 5 } as never)).toThrow(
      /Unknown option `intervalMS`/,
    );
    expect(transport.requests).toHaveLength(0);
  });
});

describe('createSoraClient().getVideo$', () => {
  it('sends one authorised GET to /videos/{id} and emits the decoded task', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const http = cold('-(r|)');
      const answer = task('processing', { id: 'a/b c' });
      const { sora, transport } = clientOn(http, [jsonResponse(answer)]);
      expectObservable(sora.getVideo$('a/b c')).toBe('-(t|)', { t: answer });
      scheduler.flush();
      expect(transport.requests).toEqual([
        {
          method: 'GET',
          url: `${baseUrl}/videos/a%2Fb%20c`,
          headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
          maxBodyBytes: 1024 * 1024,
        },
      ]);
    });
  });

  it('times out a request after requestTimeoutMs and retries it', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectSubscriptions }) => {
      const http = cold('-----(r|)');
      const { sora } = clientOn(http, [jsonResponse(task('queued'))], {
        requestTimeoutMs: 3,
        retry: { maxRetries: 1, baseDelayMs: 10, random: () => 0 },
      });
      expect(errorOf(sora.getVideo$('sora_1'), scheduler)).toMatchObject({
        code: 'SORA_REQUEST_TIMEOUT',
        timeoutMs: 3,
      });
      expectSubscriptions(http.subscriptions).toBe(['^--!', '13ms ^--!']);
    });
  });
});
