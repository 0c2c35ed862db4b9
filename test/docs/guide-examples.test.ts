import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defer, lastValueFrom, of, tap, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { watchUntilAborted$ } from '../../examples/guide/cancel.js';
import { createOne, generateAndSave$ } from '../../examples/guide/create-and-save.js';
import { outcome$ } from '../../examples/guide/errors.js';
import { countOutcomes$ } from '../../examples/guide/many-tasks.js';
import { watchEveryTenSeconds$, watchOnDefaultSchedule$ } from '../../examples/guide/schedule.js';
import { statusLines$ } from '../../examples/guide/watch-one-task.js';
import type { SoraClientOptions } from '../../src/client/client-options.js';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { HttpRequest } from '../../src/http/http-transport.js';
import type { VideoStatus } from '../../src/model/video-status.js';
import { type SoraSimulator, startSoraSimulator } from '../../src/testing/simulator/index.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import { createTestScheduler } from '../helpers/marbles.js';
import { task } from '../helpers/scripted-client.js';

// The guide's last example is itself a test, as a user would write it: it runs here.
import '../../examples/guide/virtual-time.spec.js';

const baseUrl = 'https://gateway.test/v1';
const apiKey = 'sk-test';
const idOf = (request: HttpRequest) => request.url.slice(request.url.lastIndexOf('/') + 1);

/** A client whose gateway answers each task by `statusAt(id, now)`, and records when it asked. */
function virtualGateway(
  now: () => number,
  statusAt: (id: string, nowMs: number) => VideoStatus,
  options: SoraClientOptions = {},
) {
  const asked: number[] = [];
  const transport = stubTransport((request) =>
    defer(() => {
      asked.push(now());
      const id = idOf(request);
      return of(jsonResponse(task(statusAt(id, now()), { id, created: 0 })));
    }),
  );
  return { sora: createSoraClient({ baseUrl, apiKey, transport, ...options }), asked };
}

describe('the guide: a task as an Observable', () => {
  let sim: SoraSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('prints each status of a task on the simulator until it completes', async () => {
    sim = await startSoraSimulator({ clock: 'manual' });
    const { id } = sim.createTask({ queuedMs: 1_000, processingMs: 1_000 });
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      poll: { intervalMs: 10, jitter: 0 },
    });
    // The simulator's clock stands still: each line seen moves the task on to its next status.
    const lines = await lastValueFrom(
      statusLines$(sora, id).pipe(
        tap(() => sim?.advance(1_000)),
        toArray(),
      ),
    );
    expect(lines).toEqual([`${id} queued`, `${id} processing`, `${id} completed`]);
  });
});

describe('the guide: create, generate and save', () => {
  it('creates a task, then generates one and saves its MP4 on the simulator', async () => {
    const sim = await startSoraSimulator({ timeScale: 5000 });
    const dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-guide-'));
    try {
      const sora = createSoraClient({
        baseUrl: sim.baseUrl,
        apiKey: sim.apiKey,
        poll: { intervalMs: 20, jitter: 0, ageAware: false, minHintMs: 20 },
      });
      const id = await createOne(sora, 'A fox in snow');
      expect(sim.getTask(id)?.seconds).toBe(10);

      const events = await lastValueFrom(
        generateAndSave$(sora, 'A lighthouse at dusk', dir).pipe(toArray()),
      );

      const last = events.at(-1);
      expect(events[0]).toMatchObject({ type: 'task', task: { status: 'queued' } });
      expect(last).toMatchObject({
        type: 'download',
        progress: { done: true, bytes: sim.videoSize },
      });
      const file = last?.type === 'download' ? last.progress.file : '';
      expect((await readFile(file)).subarray(4, 8).toString('latin1')).toBe('ftyp');
    } finally {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the guide: the schedule', () => {
  const doneAt = 200_000;
  const statusAt = (_id: string, now: number): VideoStatus =>
    now >= doneAt ? 'completed' : 'processing';
  const gaps = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] as number));

  it('polls at once, at 30 s, then from 2 minutes on at most 30 s apart by default', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ flush }) => {
      const { sora, asked } = virtualGateway(() => scheduler.now(), statusAt);
      watchOnDefaultSchedule$(sora, 'sora_1').subscribe();
      flush();
      expect(asked[0]).toBe(0);
      expect(asked[1]).toBeGreaterThanOrEqual(30_000);
      expect(asked[1]).toBeLessThanOrEqual(33_000);
      expect(asked[2]).toBe(120_000);
      for (const gap of gaps(asked.slice(2))) {
        expect(gap).toBeGreaterThanOrEqual(27_000);
        expect(gap).toBeLessThanOrEqual(30_000);
      }
      expect(asked.at(-1)).toBeGreaterThanOrEqual(doneAt);
      expect(asked.at(-1)).toBeLessThan(doneAt + 30_000);
    });
  });

  it('polls every 10 s ± 10 % when told to, whatever the task’s age', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ flush }) => {
      const { sora, asked } = virtualGateway(() => scheduler.now(), statusAt);
      watchEveryTenSeconds$(sora, 'sora_1').subscribe();
      flush();
      expect(asked[0]).toBe(0);
      expect(asked.length).toBeGreaterThan(18);
      for (const gap of gaps(asked)) {
        expect(gap).toBeGreaterThanOrEqual(9_000);
        expect(gap).toBeLessThanOrEqual(11_000);
      }
      expect(asked.at(-1)).toBeGreaterThanOrEqual(doneAt);
    });
  });
});

describe('the guide: errors', () => {
  const outcomeOf = (answer: ReturnType<typeof jsonResponse>) =>
    lastValueFrom(
      outcome$(
        createSoraClient({ baseUrl, apiKey, transport: stubTransport(() => of(answer)) }),
        'sora_1',
      ),
    );

  it('gives the URL of a completed task', async () => {
    await expect(outcomeOf(jsonResponse(task('completed')))).resolves.toBe(
      'done: https://cdn.test/sora_1.mp4',
    );
  });

  it('turns a failed task into its reason', async () => {
    await expect(outcomeOf(jsonResponse(task('failed')))).resolves.toBe('failed: content policy');
  });

  it('turns a wrong key into advice', async () => {
    const unauthorized = jsonResponse({ error: { message: 'bad key' } }, { status: 401 });
    await expect(outcomeOf(unauthorized)).resolves.toBe('check SORA_API_KEY');
  });

  it('leaves any other error an error', async () => {
    const missing = jsonResponse({ error: { message: 'no such task' } }, { status: 404 });
    await expect(outcomeOf(missing)).rejects.toMatchObject({ code: 'SORA_NOT_FOUND' });
  });
});

describe('the guide: many tasks', () => {
  it('counts completed and failed tasks, a failure stopping nothing', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ expectObservable }) => {
      const finishes: Record<string, [number, VideoStatus]> = {
        sora_a: [150_000, 'completed'],
        sora_b: [20_000, 'failed'],
        sora_c: [250_000, 'completed'],
      };
      const { sora } = virtualGateway(
        () => scheduler.now(),
        (id, now) => {
          const [at, end] = finishes[id] as [number, VideoStatus];
          return now >= at ? end : 'processing';
        },
        { poll: { jitter: 0 } },
      );
      const counts = countOutcomes$(sora, Object.keys(finishes));
      expectObservable(counts).toBe('270000ms (c|)', { c: { completed: 2, failed: 1 } });
    });
  });
});

describe('the guide: cancelling', () => {
  it('cancels the request in flight when the signal aborts', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const slowAnswer = cold('------(r|)', { r: jsonResponse(task('processing')) });
      const sora = createSoraClient({
        baseUrl,
        apiKey,
        transport: stubTransport(() => slowAnswer),
      });
      const controller = new AbortController();
      cold('---a').subscribe(() => controller.abort());
      expectObservable(watchUntilAborted$(sora, 'sora_1', controller.signal)).toBe('---|');
      expectSubscriptions(slowAnswer.subscriptions).toBe('^--!');
    });
  });
});
