import { map, type Observable, Subject, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { VideoStatusOptions } from '../../src/client/client-options.js';
import { buildSoraClient, createSoraClient } from '../../src/client/create-sora-client.js';
import type { HttpResponse } from '../../src/http/http-transport.js';
import type { VideoTaskEvent } from '../../src/model/video-task-event.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import type { WatchParts } from '../../src/watch/watch-parts.js';
import { createTestScheduler } from '../helpers/marbles.js';
import { answers, apiKey, baseUrl, task } from '../helpers/scripted-client.js';
import { WATCH_PARTS } from '../reference/watch-parts.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const fresh = { created: 0 } as const;
const statuses = { q: 'queued', p: 'processing', c: 'completed', f: 'failed' } as const;
const completedEvent: VideoTaskEvent = { id: 'sora_1', status: 'completed' };

/** A client on `parts` whose n-th request is answered after `http` by `responses[n]` (the last repeats). */
function eventClient(
  parts: WatchParts,
  http: Observable<unknown>,
  responses: HttpResponse[],
  events: Observable<VideoTaskEvent>,
  extra: Record<string, unknown> = {},
) {
  const transport = stubTransport((_req, index) =>
    http.pipe(map(() => responses[Math.min(index, responses.length - 1)] as HttpResponse)),
  );
  const sora = buildSoraClient({ baseUrl, apiKey, transport, events, ...extra }, parts);
  return { sora, transport };
}

describe.each(WATCH_PARTS)('pushed events merged with polling on the %s', (_name, parts) => {
  it('ends on a terminal event with one request, at once', () => {
    createTestScheduler().run(({ cold, hot, expectObservable, flush }) => {
      const http = cold('(r|)');
      const events = hot<VideoTaskEvent>('50s e', { e: completedEvent });
      const { sora, transport } = eventClient(
        parts,
        http,
        answers(task('processing'), task('completed')),
        events,
      );
      expectObservable(sora.videoStatus$('sora_1').pipe(map((t) => t.status))).toBe(
        'p 49999ms (c|)',
        statuses,
      );
      flush();
      expect(transport.requests).toHaveLength(2);
    });
  });

  it('catches a lost event with the safety poll, one safety interval after the task could first finish', () => {
    createTestScheduler().run(({ cold, expectObservable, flush }) => {
      const http = cold('(r|)');
      const events = new Subject<VideoTaskEvent>();
      const { sora, transport } = eventClient(
        parts,
        http,
        answers(task('queued', fresh), task('completed', fresh)),
        events,
      );
      // The shortest generation time (2 min) plus the safety interval (5 min).
      expectObservable(sora.videoStatus$('sora_1', { jitter: 0 }).pipe(map((t) => t.status))).toBe(
        'q 419999ms (c|)',
        statuses,
      );
      flush();
      expect(transport.requests).toHaveLength(2);
    });
  });

  it('polls an old task one safety interval apart, jitter only shortening the gaps', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const http = cold('(r|)');
      const { sora } = eventClient(
        parts,
        http,
        answers(task('processing'), task('processing'), task('completed')),
        new Subject(),
      );
      expectObservable(sora.videoStatus$('sora_1', { jitter: 0 }).pipe(map((t) => t.status))).toBe(
        'p 599999ms (c|)',
        statuses,
      );
    });
  });

  it('keeps an interval the user set, and still ends on an event', () => {
    createTestScheduler().run(({ cold, hot, expectObservable, flush }) => {
      const http = cold('(r|)');
      const events = hot<VideoTaskEvent>('25s e', { e: completedEvent });
      const { sora, transport } = eventClient(
        parts,
        http,
        answers(task('processing'), task('processing'), task('processing'), task('completed')),
        events,
      );
      expectObservable(
        sora
          .videoStatus$('sora_1', { intervalMs: 10 * SECOND, jitter: 0 })
          .pipe(map((t) => t.status)),
      ).toBe('p 24999ms (c|)', statuses);
      flush();
      expect(transport.requests).toHaveLength(4);
    });
  });

  it('takes a safety interval from the options', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const http = cold('(r|)');
      const { sora } = eventClient(
        parts,
        http,
        answers(task('processing'), task('completed')),
        new Subject(),
      );
      const options: VideoStatusOptions = { jitter: 0, safetyIntervalMs: MINUTE };
      expectObservable(sora.videoStatus$('sora_1', options).pipe(map((t) => t.status))).toBe(
        'p 59999ms (c|)',
        statuses,
      );
    });
  });

  it('sends one more request right after the one in flight when an event comes meanwhile', () => {
    createTestScheduler().run(({ cold, hot, expectObservable }) => {
      const http = cold('5s (r|)');
      const events = hot<VideoTaskEvent>('2s e', { e: completedEvent });
      const { sora } = eventClient(
        parts,
        http,
        answers(task('processing'), task('completed')),
        events,
      );
      expectObservable(sora.videoStatus$('sora_1').pipe(map((t) => t.status))).toBe(
        '5s p 4999ms (c|)',
        statuses,
      );
    });
  });

  it('goes back to the safety net when the gateway does not confirm an event yet', () => {
    createTestScheduler().run(({ cold, hot, expectObservable, flush }) => {
      const http = cold('(r|)');
      const events = hot<VideoTaskEvent>('50s e', { e: completedEvent });
      const { sora, transport } = eventClient(
        parts,
        http,
        answers(task('processing'), task('processing'), task('completed')),
        events,
      );
      // The unconfirmed event costs one request at 50 s; the next comes 5 minutes after it.
      expectObservable(sora.videoStatus$('sora_1', { jitter: 0 }).pipe(map((t) => t.status))).toBe(
        'p 349999ms (c|)',
        statuses,
      );
      flush();
      expect(transport.requests).toHaveLength(3);
    });
  });

  it('ignores events of other tasks and events that are not terminal', () => {
    createTestScheduler().run(({ cold, hot, expectObservable }) => {
      const http = cold('(r|)');
      const events = hot<VideoTaskEvent>('10s a 9999ms b 9999ms c', {
        a: { id: 'sora_2', status: 'completed' },
        b: { id: 'sora_1', status: 'processing' },
        c: { id: 'sora_1', status: 'failed' },
      });
      const { sora } = eventClient(
        parts,
        http,
        answers(task('processing'), task('failed')),
        events,
      );
      expectObservable(sora.videoStatus$('sora_1').pipe(map((t) => t.status))).toBe(
        'p 29999ms (f|)',
        statuses,
      );
    });
  });

  it('leaves no request, timer or event subscription behind when unsubscribed mid-wait', () => {
    createTestScheduler().run(({ cold, hot, expectObservable, expectSubscriptions, flush }) => {
      const http = cold('(r|)');
      const events = hot<VideoTaskEvent>('-');
      const { sora, transport } = eventClient(parts, http, answers(task('processing')), events);
      expectObservable(sora.videoStatus$('sora_1').pipe(map((t) => t.status)), '^ 99s !').toBe(
        'p',
        statuses,
      );
      expectSubscriptions(events.subscriptions).toBe('^ 99s !');
      flush();
      expect(transport.requests).toHaveLength(1);
    });
  });

  it('ends the watch with the error of the events', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const http = cold('(r|)');
      const failure = new Error('the pub/sub channel closed');
      const events = cold<VideoTaskEvent>('30s #', undefined, failure);
      const { sora } = eventClient(parts, http, answers(task('processing')), events);
      expectObservable(sora.videoStatus$('sora_1').pipe(map((t) => t.status))).toBe(
        'p 29999ms #',
        statuses,
        failure,
      );
    });
  });

  it('polls no sooner than the server’s hint, and no later than the safety net, with events', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const http = cold('(r|)');
      const hinted = (t: ReturnType<typeof task>) =>
        jsonResponse(t, { headers: { 'openai-poll-after-ms': '30000' } });
      const { sora } = eventClient(
        parts,
        http,
        [hinted(task('processing')), hinted(task('completed'))],
        new Subject(),
      );
      expectObservable(sora.videoStatus$('sora_1', { jitter: 0 }).pipe(map((t) => t.status))).toBe(
        'p 299999ms (c|)',
        statuses,
      );
    });
  });

  it('generate$ sends the webhook URL and ends on the event with one request after the create', () => {
    createTestScheduler().run(({ cold, hot, expectObservable, flush }) => {
      const http = cold('(r|)');
      const events = hot<VideoTaskEvent>('90s e', { e: completedEvent });
      const { sora, transport } = eventClient(
        parts,
        http,
        answers(task('queued', fresh), task('completed', fresh)),
        events,
        { webhookUrl: 'https://app.test/hooks' },
      );
      expectObservable(sora.generate$({ prompt: 'a cat' }).pipe(map((t) => t.status))).toBe(
        'q 89999ms (c|)',
        statuses,
      );
      flush();
      expect(transport.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
      expect(JSON.parse(transport.requests[0]?.body ?? '{}')).toMatchObject({
        webhook_url: 'https://app.test/hooks',
      });
    });
  });

  it('generate$ hears an event that came before the create’s answer was read', () => {
    createTestScheduler().run(({ cold, hot, expectObservable }) => {
      // A watch of another task keeps the events subscribed while the create runs.
      const events = hot<VideoTaskEvent>('1s e', { e: { id: 'sora_2', status: 'completed' } });
      const { sora } = eventClient(
        parts,
        cold('2s (r|)'),
        [
          jsonResponse(task('processing', { id: 'sora_9' })),
          ...answers(
            task('queued', { ...fresh, id: 'sora_2' }),
            task('completed', { ...fresh, id: 'sora_2' }),
          ),
        ],
        events,
      );
      expectObservable(sora.videoStatus$('sora_9').pipe(map((t) => t.status)), '^ 10s !').toBe(
        '2s p',
        statuses,
      );
      expectObservable(sora.generate$({ prompt: 'a cat' }).pipe(map((t) => t.status))).toBe(
        '2s q 1999ms (c|)',
        statuses,
      );
    });
  });
});

describe('the events options', () => {
  it('names `events` when it is not an Observable', () => {
    expect(() => createSoraClient({ baseUrl, apiKey, events: {} as never })).toThrow(
      /`events` to be an Observable/,
    );
  });

  it('names `webhookUrl` when it is not an http(s) URL', () => {
    expect(() => createSoraClient({ baseUrl, apiKey, webhookUrl: 'ftp://x' })).toThrow(
      /`webhookUrl` to be an absolute http\(s\) URL/,
    );
    const sora = createSoraClient({ baseUrl, apiKey });
    expect(() => sora.createVideo$({ prompt: 'a', webhookUrl: 'not a url' })).toThrow(
      /`webhookUrl`/,
    );
  });

  it('names `safetyIntervalMs` when it is not a duration', () => {
    expect(() => createSoraClient({ baseUrl, apiKey, poll: { safetyIntervalMs: -1 } })).toThrow(
      /safetyIntervalMs/,
    );
  });

  it('lets a call’s webhookUrl win over the client’s', () => {
    const transport = stubTransport(() => throwError(() => new Error('offline')));
    const sora = createSoraClient({ baseUrl, apiKey, transport, webhookUrl: 'https://a.test/h' });
    sora
      .createVideo$({ prompt: 'a', webhookUrl: 'https://b.test/h' })
      .subscribe({ error: () => {} });
    expect(JSON.parse(transport.requests[0]?.body ?? '{}').webhook_url).toBe('https://b.test/h');
  });
});
