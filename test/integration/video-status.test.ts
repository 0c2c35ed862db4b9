import { lastValueFrom, map, toArray, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { startSoraSimulator } from '../../src/testing/simulator/index.js';
import { summarizeWatch } from '../../src/watch/watch-all.js';
import { errorOf } from '../helpers/observe.js';
import {
  closeScriptedServers,
  hold,
  json,
  type ScriptedServer,
  startScriptedServer,
  text,
  wireTask,
} from '../helpers/scripted-server.js';
import { advance } from '../helpers/virtual-clock.js';

afterEach(closeScriptedServers);

// Real time, but small: these tests check which statuses arrive and which requests the server
// sees, never how long anything took.
const fastPoll = {
  intervalMs: 5,
  jitter: 0,
  retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 },
};

function clientOf(server: ScriptedServer, scheduler?: VirtualTimeScheduler) {
  return createSoraClient({
    baseUrl: server.baseUrl,
    apiKey: 'sk-test-k',
    ...(scheduler === undefined ? {} : { scheduler }),
  });
}

// In virtual time, for the tests that check when something happens, or that nothing does.
const virtualPoll = { intervalMs: 1_000, jitter: 0, retry: { maxRetries: 0 } };

/** Records what a subscriber is told. */
function recorder() {
  const seen: string[] = [];
  return {
    seen,
    observer: {
      next: (task: { status: string }) => seen.push(task.status),
      error: (error: unknown) => seen.push(`error ${(error as { code?: string }).code}`),
      complete: () => seen.push('complete'),
    },
  };
}

const queued = json(wireTask({ status: 'queued' }));
const processing = (progress: number) => json(wireTask({ status: 'processing', progress }));
const completed = json(wireTask({ status: 'completed', video_url: 'https://cdn.test/sora_1.mp4' }));

describe('videoStatus$ against a scripted server', () => {
  it('emits queued, processing and completed once each, then completes', async () => {
    const server = await startScriptedServer(
      queued,
      queued,
      processing(50),
      processing(50),
      completed,
    );
    const tasks = await lastValueFrom(
      clientOf(server).videoStatus$('sora_1', fastPoll).pipe(toArray()),
    );

    expect(tasks.map((t) => t.status)).toEqual(['queued', 'processing', 'completed']);
    expect(tasks.at(-1)?.video_url).toBe('https://cdn.test/sora_1.mp4');
    expect(server.requests.map((r) => r.url)).toEqual(Array(5).fill('/v1/videos/sora_1'));
  });

  it('emits each change of progress while processing', async () => {
    const server = await startScriptedServer(processing(10), processing(60), completed);
    const progress = await lastValueFrom(
      clientOf(server)
        .videoStatus$('sora_1', fastPoll)
        .pipe(
          map((t) => `${t.status}:${t.progress ?? '-'}`),
          toArray(),
        ),
    );
    expect(progress).toEqual(['processing:10', 'processing:60', 'completed:-']);
  });

  it('emits a failed task as a value and completes', async () => {
    const failed = json(wireTask({ status: 'failed', error: 'content policy' }));
    const server = await startScriptedServer(queued, failed);
    const tasks = await lastValueFrom(
      clientOf(server).videoStatus$('sora_1', fastPoll).pipe(toArray()),
    );
    expect(tasks.map((t) => [t.status, t.error])).toEqual([
      ['queued', null],
      ['failed', 'content policy'],
    ]);
  });

  it('retries a 503 between polls and goes on polling', async () => {
    const server = await startScriptedServer(queued, text('busy', 503), completed);
    const tasks = await lastValueFrom(
      clientOf(server).videoStatus$('sora_1', fastPoll).pipe(toArray()),
    );
    expect(tasks.map((t) => t.status)).toEqual(['queued', 'completed']);
    expect(server.requests).toHaveLength(3);
  });

  it('ends with SORA_NOT_FOUND when the task disappears, without polling again', async () => {
    const server = await startScriptedServer(queued, json({ error: 'no such task' }, 404), queued);
    const error = await errorOf(clientOf(server).videoStatus$('sora_1', fastPoll));
    expect(error).toMatchObject({ code: 'SORA_NOT_FOUND', status: 404 });
    expect(server.requests).toHaveLength(2);
  });

  it('stops polling when unsubscribed mid-poll, aborting the request in flight, and leaves nothing scheduled', async () => {
    const scheduler = new VirtualTimeScheduler();
    const server = await startScriptedServer(queued, hold());
    const { seen, observer } = recorder();
    const subscription = clientOf(server, scheduler)
      .videoStatus$('sora_1', virtualPoll)
      .subscribe(observer);
    await vi.waitFor(() => expect(seen).toEqual(['queued']));
    advance(scheduler, 1_000);
    const second = await server.waitForRequest(1);

    subscription.unsubscribe();

    expect(await second.closed).toEqual({ headersSent: false, finished: false });
    // No poll is left to come, however long the clock runs.
    expect(scheduler.actions).toEqual([]);
    advance(scheduler, 3_600_000);
    expect(server.requests).toHaveLength(2);
    expect(seen).toEqual(['queued']);
  });

  it('fails with SORA_POLL_TIMEOUT at maxWaitMs, not before, carrying the last task and aborting the request in flight', async () => {
    const scheduler = new VirtualTimeScheduler();
    const server = await startScriptedServer(queued, hold());
    const { seen, observer } = recorder();
    let failure: unknown;
    clientOf(server, scheduler)
      .videoStatus$('sora_1', { ...virtualPoll, maxWaitMs: 5_000 })
      .subscribe({ ...observer, error: (error: unknown) => (failure = error) });
    await vi.waitFor(() => expect(seen).toEqual(['queued']));
    advance(scheduler, 1_000);
    const second = await server.waitForRequest(1);

    advance(scheduler, 3_999);
    expect(failure).toBeUndefined();
    advance(scheduler, 1);

    expect(failure).toMatchObject({
      code: 'SORA_POLL_TIMEOUT',
      taskId: 'sora_1',
      maxWaitMs: 5_000,
    });
    expect((failure as { lastTask?: { status: string } }).lastTask?.status).toBe('queued');
    expect(await second.closed).toEqual({ headersSent: false, finished: false });
    expect(scheduler.actions).toEqual([]);
  });

  it('shares one poll loop between two subscribers of the same task', async () => {
    const server = await startScriptedServer(queued, processing(50), completed);
    const sora = clientOf(server);
    const [a, b] = await Promise.all([
      lastValueFrom(sora.videoStatus$('sora_1', fastPoll).pipe(toArray())),
      lastValueFrom(sora.videoStatus$('sora_1', fastPoll).pipe(toArray())),
    ]);
    expect(a.map((t) => t.status)).toEqual(['queued', 'processing', 'completed']);
    expect(b.map((t) => t.status)).toEqual(['queued', 'processing', 'completed']);
    expect(server.requests).toHaveLength(3);
  });
});

describe('watchAll$ against garbage answers', () => {
  it('sees every task to its end though a proxy answers many polls with truncated JSON or HTML', async () => {
    const faulty = await startSoraSimulator({
      seed: 11,
      timeScale: 5000,
      faults: { malformedJsonRate: 0.15, htmlBodyRate: 0.15 },
    });
    try {
      const ids = Array.from({ length: 20 }, () => faulty.createTask().id);
      const sora = createSoraClient({ baseUrl: faulty.baseUrl, apiKey: faulty.apiKey });
      const summary = await lastValueFrom(
        sora
          .watchAll$(ids, {
            intervalMs: 20,
            jitter: 0,
            ageAware: false,
            // The simulator's hints, scaled to its speed, are below the client's 1 s floor.
            minHintMs: 20,
            retry: { maxRetries: 10, baseDelayMs: 1, maxDelayMs: 5 },
          })
          .pipe(summarizeWatch()),
      );
      expect(summary.errored).toEqual([]);
      expect(summary.completed.length + summary.failed.length).toBe(ids.length);
      expect(faulty.metrics.faults.malformedJson).toBeGreaterThan(0);
      expect(faulty.metrics.faults.htmlBody).toBeGreaterThan(0);
    } finally {
      await faulty.close();
    }
  });
});
