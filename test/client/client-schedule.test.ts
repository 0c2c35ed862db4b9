import { defer, map, of, timer, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { HttpRequest, HttpResponse } from '../../src/http/http-transport.js';
import type { JournalRecord } from '../../src/journal/journal-record.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import type { WatchParts } from '../../src/watch/watch-parts.js';
import { createTestScheduler } from '../helpers/marbles.js';
import { answers, apiKey, baseUrl, scriptedClient, task } from '../helpers/scripted-client.js';
import { WATCH_PARTS } from '../reference/watch-parts.js';

const SECOND = 1_000;
/** The date of a server's `Date` header in these tests, and that time in ms. */
const SERVER_DATE = 'Tue, 01 Dec 2026 17:00:00 GMT';
const SERVER_NOW_MS = Date.parse(SERVER_DATE);

/** The virtual times at which the stub transport was asked for something. */
function requestFrames(http: { subscriptions: { subscribedFrame: number }[] }): number[] {
  return http.subscriptions.map((s) => s.subscribedFrame);
}

/**
 * A transport that answers `GET /videos/{id}` at once with `render(id, now)`, and records when
 * each id was asked for.
 */
function liveTransport(now: () => number, render: (id: string, nowMs: number) => VideoTask) {
  const asked = new Map<string, number[]>();
  const transport = stubTransport((req: HttpRequest) =>
    defer(() => {
      const id = decodeURIComponent(req.url.slice(req.url.lastIndexOf('/') + 1));
      asked.set(id, [...(asked.get(id) ?? []), now()]);
      return of(jsonResponse(render(id, now())));
    }),
  );
  return { transport, asked };
}

describe.each(WATCH_PARTS)('the poll schedule on the %s', (_name, parts: WatchParts) => {
  /** The request frames of watching a task whose answers are `tasks`, answered at once. */
  function framesOf(
    tasks: VideoTask[],
    options: Parameters<ReturnType<typeof createSoraClient>['videoStatus$']>[1] = {},
    headers: Record<string, string> = {},
  ): number[] {
    let frames: number[] = [];
    createTestScheduler().run(({ cold, flush }) => {
      const http = cold('(r|)');
      const responses = tasks.map((t) => jsonResponse(t, { headers }));
      const { sora } = scriptedClient(http, responses, {}, parts);
      sora.videoStatus$('sora_1', options).subscribe();
      flush();
      frames = requestFrames(http);
    });
    return frames;
  }

  const fresh = { created: 0 } as const;

  it('honours an explicit interval from the first answer on, whatever the task’s age', () => {
    const tasks = [task('queued', fresh), task('processing', fresh), task('completed', fresh)];
    expect(framesOf(tasks, { intervalMs: 5 * SECOND, jitter: 0 })).toEqual([0, 5_000, 10_000]);
  });

  it('polls at once, again at 30 s for early failures, then not before the shortest generation time', () => {
    const tasks = [
      task('queued', fresh),
      task('queued', fresh),
      task('processing', fresh),
      task('completed', fresh),
    ];
    expect(framesOf(tasks, { jitter: 0 })).toEqual([0, 30_000, 120_000, 150_000]);
  });

  it('reports a task that the gateway rejects 10 s in at the 30 s check', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const http = cold('(r|)');
      const { sora } = scriptedClient(
        http,
        answers(task('queued', fresh), task('failed', fresh)),
        {},
        parts,
      );
      expectObservable(sora.videoStatus$('sora_1', { jitter: 0 }).pipe(map((t) => t.status))).toBe(
        'q 29999ms (f|)',
        { q: 'queued', f: 'failed' },
      );
    });
  });

  it('only lengthens the early check with jitter, and only shortens the gaps after it', () => {
    for (const random of [0, 0.5, 0.999]) {
      const original = Math.random;
      Math.random = () => random;
      try {
        const tasks = [
          ...Array.from({ length: 4 }, () => task('processing', fresh)),
          task('completed', fresh),
        ];
        const [first, early, skip, ...gaps] = framesOf(tasks);
        expect(first).toBe(0);
        expect(early).toBeGreaterThanOrEqual(30_000);
        expect(early).toBeLessThanOrEqual(33_000);
        expect(skip).toBe(120_000);
        const spacing = gaps.map((frame, i) => frame - ((i === 0 ? skip : gaps[i - 1]) as number));
        for (const gap of spacing) {
          expect(gap).toBeGreaterThanOrEqual(27_000);
          expect(gap).toBeLessThanOrEqual(30_000);
        }
      } finally {
        Math.random = original;
      }
    }
  });

  it('waits the longer minimum of a video whose length the gateway reports', () => {
    const young = { created: 0, seconds: '25', model: 'sora-2-pro' };
    const tasks = [task('queued', young), task('queued', young), task('completed', young)];
    expect(framesOf(tasks, { jitter: 0 })).toEqual([0, 30_000, 300_000]);
  });

  it('takes the generation estimates from the options', () => {
    const tasks = [task('queued', fresh), task('queued', fresh), task('completed', fresh)];
    const generationEstimates = { 4: { minMs: 50 * SECOND, maxMs: 90 * SECOND } };
    expect(framesOf(tasks, { jitter: 0, generationEstimates })).toEqual([0, 30_000, 60_000]);
  });

  it('polls at the plain interval with ageAware off', () => {
    const tasks = [task('queued', fresh), task('queued', fresh), task('completed', fresh)];
    expect(framesOf(tasks, { jitter: 0, ageAware: false })).toEqual([0, 30_000, 60_000]);
  });

  it('reads a `created` sent in milliseconds as milliseconds', () => {
    const inMs = { created: SERVER_NOW_MS };
    const tasks = [task('queued', inMs), task('queued', inMs), task('completed', inMs)];
    expect(framesOf(tasks, { jitter: 0 }, { date: SERVER_DATE })).toEqual([0, 30_000, 120_000]);
  });

  it('measures the age on the server’s clock when the client’s is skewed', () => {
    // The client's clock reads 0; the server says the task is 60 s old.
    const old = { created: SERVER_NOW_MS / 1000 - 60 };
    const tasks = [task('queued', old), task('processing', old), task('completed', old)];
    expect(framesOf(tasks, { jitter: 0 }, { date: SERVER_DATE })).toEqual([0, 60_000, 90_000]);
  });

  it('does not skip for a task whose `created` is in the future: it cannot be trusted', () => {
    const future = { created: 3600 };
    const tasks = [task('queued', future), task('queued', future), task('completed', future)];
    expect(framesOf(tasks, { jitter: 0 })).toEqual([0, 30_000, 60_000]);
  });

  it('treats `undefined` options as the defaults', () => {
    const tasks = [task('queued', fresh), task('queued', fresh), task('completed', fresh)];
    expect(framesOf(tasks, { intervalMs: undefined, jitter: 0, maxWaitMs: undefined })).toEqual([
      0, 30_000, 120_000,
    ]);
  });

  it('finds a faster gateway within one batch created at once: its scouts learn, the others re-plan', () => {
    const scheduler = createTestScheduler();
    scheduler.run(() => {
      // A fresh client creates 20 tasks at once; each completes 45 s after its creation, where
      // the published times say 2 minutes at least.
      const ids = Array.from({ length: 20 }, (_, i) => `sora_${i}`);
      const { transport, asked } = liveTransport(
        () => scheduler.now(),
        (id, now) => task(now >= 45 * SECOND ? 'completed' : 'processing', { id, created: 0 }),
      );
      const { sora } = scriptedClient(of(null), [], { transport, poll: { jitter: 0 } }, parts);
      for (const id of ids) sora.videoStatus$(id).subscribe();
      scheduler.flush();
      // The tenth and the twentieth of the tasks that would wait for the skip scout, every 10 s.
      expect(asked.get('sora_9')).toEqual([0, 30_000, 40_000, 50_000]);
      // sora_9 is seen done at 50 s: about 45 s. The others, waiting for 120 s, re-plan to one
      // interval after their last answer; the other scout, last seen at 40 s, to 70 s.
      expect(asked.get('sora_0')).toEqual([0, 30_000, 60_000]);
      expect(asked.get('sora_18')).toEqual([0, 30_000, 60_000]);
      expect(asked.get('sora_19')).toEqual([0, 30_000, 40_000, 70_000]);
      const requests = [...asked.values()].reduce((sum, frames) => sum + frames.length, 0);
      // Without the scouts, each would be polled at 0, 30 and 120 s: seen 75 s late.
      expect(requests).toBe(20 * 3 + 2);
    });
  });

  it('raises the skip for a gateway slower than its published times', () => {
    const scheduler = createTestScheduler();
    scheduler.run(() => {
      // Every task completes 300 s after it was created; task i is created at i·20 s.
      const ids = ['sora_0', 'sora_1', 'sora_2', 'sora_3', 'sora_4', 'sora_20'];
      const createdAt = (id: string) => Number(id.slice('sora_'.length)) * 20 * SECOND;
      const { transport, asked } = liveTransport(
        () => scheduler.now(),
        (id, now) => {
          const status = now - createdAt(id) >= 300 * SECOND ? 'completed' : 'processing';
          return task(status, { id, created: createdAt(id) / 1000 });
        },
      );
      const { sora } = scriptedClient(of(null), [], { transport, poll: { jitter: 0 } }, parts);
      for (const id of ids) {
        timer(createdAt(id)).subscribe(() => sora.videoStatus$(id).subscribe());
      }
      scheduler.flush();
      // The first ones skip to the published 2 minutes, then poll every 30 s: seen done at 300 s.
      expect(asked.get('sora_0')).toEqual([
        0, 30_000, 120_000, 150_000, 180_000, 210_000, 240_000, 270_000, 300_000,
      ]);
      // Five completions at about 285 s (between 270 and 300 s): a task created at 400 s skips
      // to 285 s of age, not 120 s.
      expect(asked.get('sora_20')).toEqual([400_000, 430_000, 685_000, 715_000]);
    });
  });
});

describe.each(WATCH_PARTS)('a client with a journal, on the %s', (_name, parts) => {
  /** The records a first run wrote of a task created at `atMs`, seen completed `ageMs` later. */
  function pastTask(n: number, atMs: number, ageMs: number, model = 'sora-2'): JournalRecord[] {
    const key = `key_${n}`;
    const id = `sora_past_${n}`;
    return [
      { type: 'intent', at: atMs, key, params: { prompt: 'a fox' } },
      { type: 'created', at: atMs + 500, key, id, model },
      { type: 'status', at: atMs + ageMs, id, status: 'completed', videoUrl: null },
    ];
  }

  it('starts from the completion times its journal holds, by model', async () => {
    // A first run saw five sora-2 tasks completed 75 s after their creation: about 60 s.
    const journal = memoryJournal(
      Array.from({ length: 5 }, (_, n) => pastTask(n, 1_000_000 + n * 1_000, 75 * SECOND)).flat(),
    );
    const scheduler = createTestScheduler();
    const { transport, asked } = liveTransport(
      () => scheduler.now(),
      (id, now) => task(now >= 50 * SECOND ? 'completed' : 'processing', { id, created: 0 }),
    );
    const { sora } = scriptedClient(
      of(null),
      [],
      { transport, journal, poll: { jitter: 0 } },
      parts,
    );
    // The client reads its journal when it is made.
    await new Promise((resolve) => setTimeout(resolve, 0));
    scheduler.run(() => {
      sora.videoStatus$('sora_1').subscribe();
      sora.videoStatus$('sora_2', {}).subscribe();
      scheduler.flush();
    });
    // The skip ends at 60 s, not at the published 2 minutes.
    expect(asked.get('sora_1')).toEqual([0, 30_000, 60_000]);
    await sora.close();
  });

  it('teaches nothing of a task it only watched, whose creation it never saw', async () => {
    const records: JournalRecord[] = Array.from({ length: 5 }, (_, n) => [
      { type: 'status', at: 1_000 * n, id: `sora_past_${n}`, status: 'processing' } as const,
      {
        type: 'status',
        at: 1_000 * n + 60_000,
        id: `sora_past_${n}`,
        status: 'completed',
      } as const,
    ]).flat();
    const scheduler = createTestScheduler();
    const { transport, asked } = liveTransport(
      () => scheduler.now(),
      (id, now) => task(now >= 50 * SECOND ? 'completed' : 'processing', { id, created: 0 }),
    );
    const { sora } = scriptedClient(
      of(null),
      [],
      { transport, journal: memoryJournal(records), poll: { jitter: 0 } },
      parts,
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    scheduler.run(() => {
      sora.videoStatus$('sora_1').subscribe();
      scheduler.flush();
    });
    expect(asked.get('sora_1')).toEqual([0, 30_000, 120_000]);
    await sora.close();
  });
});

describe.each(WATCH_PARTS)(
  'the schedule of a task that reports progress, on the %s',
  (_name, parts) => {
    it('polls just after the finish that a steady progress predicts, in few requests', () => {
      const scheduler = createTestScheduler();
      scheduler.run(() => {
        // OpenAI's shape: progress grows by 1 point every 3 s, so the task is done at 300 s.
        const finishMs = 300 * SECOND;
        const { transport, asked } = liveTransport(
          () => scheduler.now(),
          (id, now) => ({
            ...task(now >= finishMs ? 'completed' : 'processing', { id, created: 0 }),
            ...(now >= finishMs ? {} : { progress: Math.floor((100 * now) / finishMs) }),
          }),
        );
        const { sora } = scriptedClient(of(null), [], { transport, poll: { jitter: 0 } }, parts);
        sora.videoStatus$('sora_1').subscribe();
        scheduler.flush();
        const frames = asked.get('sora_1') ?? [];
        // Fixed 30 s polling needs 11 requests and finds it at 300 s.
        expect(frames.length).toBeLessThanOrEqual(6);
        expect(frames.slice(0, 3)).toEqual([0, 30_000, 120_000]);
        const last = frames.at(-1) as number;
        expect(last).toBeGreaterThanOrEqual(finishMs);
        expect(last).toBeLessThanOrEqual(finishMs + 20 * SECOND);
      });
    });
  },
);

describe.each(WATCH_PARTS)('createSoraClient().generate$ on the %s', (_name, parts) => {
  it('creates the task, then polls at 30 s and when a video of that length can be done', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const http = cold('(r|)');
      const { sora } = scriptedClient(
        http,
        answers(
          task('queued', fresh()),
          task('queued', fresh()),
          task('processing', fresh()),
          task('completed', fresh()),
        ),
        {},
        parts,
      );
      const statuses = sora
        .generate$({ prompt: 'a fox', seconds: 15 }, { jitter: 0 })
        .pipe(map((t) => t.status[0]));
      expectObservable(statuses).toBe('q 179999ms p 29999ms (c|)', { q: 'q', p: 'p', c: 'c' });
      expectSubscriptions(http.subscriptions).toBe([
        '(^!)',
        '30000ms (^!)',
        '180000ms (^!)',
        '210000ms (^!)',
      ]);
    });
  });

  it('follows a poll hint on the create’s answer for its first poll', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const http = cold('(r|)');
      const hint = { headers: { 'openai-poll-after-ms': '2000' } };
      const { sora } = scriptedClient(
        http,
        [
          jsonResponse(task('queued', fresh()), hint),
          jsonResponse(task('completed', fresh()), hint),
        ],
        {},
        parts,
      );
      sora.generate$({ prompt: 'a fox', seconds: 10 }).subscribe();
      expectSubscriptions(http.subscriptions).toBe(['(^!)', '2000ms (^!)']);
    });
  });

  it('counts maxWaitMs from the creation, not from the first poll', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold }) => {
      const http = cold('(r|)');
      const pro = { ...fresh(), model: 'sora-2-pro' };
      const { sora } = scriptedClient(http, answers(task('queued', pro)), {}, parts);
      let failedAt: number | undefined;
      let failure: unknown;
      sora
        .generate$({ prompt: 'a fox', model: 'sora-2-pro', seconds: 25 }, { maxWaitMs: 60_000 })
        .subscribe({
          error: (error: unknown) => {
            failedAt = scheduler.now();
            failure = error;
          },
        });
      scheduler.flush();
      expect(failure).toMatchObject({ code: 'SORA_POLL_TIMEOUT', maxWaitMs: 60_000 });
      expect(failedAt).toBe(60_000);
    });
  });

  it('times out at maxWaitMs even when it falls before the first poll', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold }) => {
      const http = cold('(r|)');
      const { sora } = scriptedClient(http, answers(task('queued', fresh())), {}, parts);
      let failedAt: number | undefined;
      let failure: unknown;
      sora.generate$({ prompt: 'a fox' }, { maxWaitMs: 10_000 }).subscribe({
        error: (error: unknown) => {
          failedAt = scheduler.now();
          failure = error;
        },
      });
      scheduler.flush();
      expect(failure).toMatchObject({ code: 'SORA_POLL_TIMEOUT', lastTask: { status: 'queued' } });
      expect(failedAt).toBe(10_000);
      expect(http.subscriptions).toHaveLength(1);
    });
  });
});

describe.each(WATCH_PARTS)('sharing a watch on the %s', (_name, parts) => {
  it('shares one loop whatever the order of the options, and with `undefined` ones left out', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const http = cold('-(r|)');
      const { sora } = scriptedClient(http, answers(task('completed')), {}, parts);
      sora.videoStatus$('sora_1', { intervalMs: 10, jitter: 0 }).subscribe();
      sora.videoStatus$('sora_1', { jitter: 0, intervalMs: 10, maxWaitMs: undefined }).subscribe();
      sora
        .videoStatus$('sora_1', { jitter: 0, retry: { maxRetries: undefined }, intervalMs: 10 })
        .subscribe();
      expectSubscriptions(http.subscriptions).toBe('^!');
    });
  });

  it('shares one loop between watches without options, and with empty ones', () => {
    createTestScheduler().run(({ cold, expectSubscriptions }) => {
      const http = cold('-(r|)');
      const { sora } = scriptedClient(http, answers(task('completed')), {}, parts);
      sora.videoStatus$('sora_1').subscribe();
      sora.videoStatus$('sora_1', {}).subscribe();
      sora.videoStatus$('sora_1', { retry: {} }).subscribe();
      expectSubscriptions(http.subscriptions).toBe('^!');
    });
  });
});

describe('a client with its own scheduler', () => {
  it('runs every wait on it: polls, retries and request time limits, without TestScheduler.run', () => {
    const scheduler = new VirtualTimeScheduler(undefined, Number.POSITIVE_INFINITY);
    const sent: number[] = [];
    const responses: HttpResponse[] = [
      jsonResponse({ error: 'busy' }, { status: 503 }),
      jsonResponse(task('queued')),
      jsonResponse(task('queued')),
      jsonResponse(task('completed')),
    ];
    const transport = stubTransport((_req, index) => {
      sent.push(scheduler.now());
      // The second request never answers: the time limit of 500 ms ends it.
      if (index === 1)
        return timer(10_000, scheduler).pipe(map(() => responses[1] as HttpResponse));
      return timer(5, scheduler).pipe(map(() => responses[Math.min(index, 3)] as HttpResponse));
    });
    const sora = createSoraClient({
      baseUrl,
      apiKey,
      transport,
      scheduler,
      requestTimeoutMs: 500,
      retry: { baseDelayMs: 100, maxDelayMs: 100 },
      poll: { intervalMs: 1_000, jitter: 0 },
    });
    const statuses: string[] = [];
    sora.videoStatus$('sora_1').subscribe((t) => statuses.push(`${t.status}@${scheduler.now()}`));
    scheduler.flush();
    // 503 at 5, retry at 105 times out at 605, retry at 705 answers queued at 710, poll at 1710.
    expect(sent).toEqual([0, 105, 705, 1_710]);
    expect(statuses).toEqual(['queued@710', 'completed@1715']);
  });
});

function fresh(): { created: number } {
  return { created: 0 };
}
