import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventSource } from 'eventsource';
import { finalize } from 'rxjs';
import type { PollOptions, VideoTask } from 'sora-rx';
import { SORA_MODULE_OPTIONS } from 'sora-rx/nest';
import { type SoraSimulator, startSoraSimulator } from 'sora-rx/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppModule } from '../../examples/nest/app.module.js';

let sim: SoraSimulator;
let app: INestApplication | undefined;
/** How many event streams the app has let go of: completed, failed or left by their client. */
let streamsEnded = 0;

/** Waits for a condition that events on sockets bring about, checking it often. */
const soon = { timeout: 5_000, interval: 2 };

/** Starts the app as it ships, with the client pointed at the simulator and these poll options. */
async function startApp(poll: PollOptions): Promise<void> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(SORA_MODULE_OPTIONS)
    .useValue({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, poll: { jitter: 0, ...poll } })
    .compile();
  app = moduleRef.createNestApplication({ logger: false });
  // An interceptor sees when Nest lets go of a stream, as an app's own logging would.
  app.useGlobalInterceptors({
    intercept: (_context, next) => next.handle().pipe(finalize(() => (streamsEnded += 1))),
  });
  await app.listen(0, '127.0.0.1');
}

beforeEach(async () => {
  sim = await startSoraSimulator({ clock: 'manual' });
  streamsEnded = 0;
});

afterEach(async () => {
  await app?.close();
  app = undefined;
  await sim.close();
});

async function openEvents(path: string): Promise<EventSource> {
  if (app === undefined) throw new Error('The app is not started');
  return new EventSource(new URL(path, await app.getUrl()));
}

/** The task of the next `message` event of `source`. */
function nextTask(source: EventSource): Promise<VideoTask> {
  return new Promise((resolve) => {
    source.addEventListener('message', (event) => resolve(JSON.parse(event.data)), { once: true });
  });
}

/** How many connections the app's HTTP server holds open. */
function openConnections(): Promise<number> {
  return new Promise((resolve, reject) => {
    app?.getHttpServer().getConnections((error: Error | null, count: number) => {
      if (error) reject(error);
      else resolve(count);
    });
  });
}

interface ReceivedEvents {
  readonly tasks: VideoTask[];
  readonly errors: unknown[];
}

/** Reads the events of `path` with a real EventSource until the server ends the stream. */
async function readEvents(path: string, onTask: (task: VideoTask) => void = () => {}) {
  const source = await openEvents(path);
  return new Promise<ReceivedEvents>((resolve) => {
    const received: ReceivedEvents = { tasks: [], errors: [] };
    source.onmessage = (event) => {
      const task = JSON.parse(event.data) as VideoTask;
      received.tasks.push(task);
      onTask(task);
    };
    source.addEventListener('sora-error', (event) => received.errors.push(JSON.parse(event.data)));
    // The server ended the stream; an EventSource would reconnect, so close it.
    source.onerror = () => {
      source.close();
      resolve(received);
    };
  });
}

describe('the NestJS example', () => {
  beforeEach(() => startApp({ intervalMs: 5, ageAware: false }));

  it('streams a task as server-sent events until it completes, then ends the stream', async () => {
    const { id } = sim.createTask({ queuedMs: 10_000, processingMs: 10_000 });

    // The simulator's clock moves only when the test has seen the task where it is.
    const { tasks, errors } = await readEvents(`/videos/${id}/events`, (task) => {
      if (task.status !== 'completed') sim.advance(10_000);
    });

    expect(tasks.map((task) => task.status)).toEqual(['queued', 'processing', 'completed']);
    expect(tasks.every((task) => task.id === id)).toBe(true);
    expect(tasks.at(-1)?.video_url).toBe(sim.videoUrlOf(id));
    expect(errors).toEqual([]);
  });

  it('streams a failed task as its last event', async () => {
    const { id } = sim.createTask({ status: 'failed', error: 'moderation blocked' });

    const { tasks } = await readEvents(`/videos/${id}/events`);

    expect(tasks.map((task) => [task.status, task.error])).toEqual([
      ['failed', 'moderation blocked'],
    ]);
  });

  it("ends with a sora-error event that carries the error's code", async () => {
    const { tasks, errors } = await readEvents('/videos/sora_unknown/events');

    expect(tasks).toEqual([]);
    expect(errors).toEqual([{ code: 'SORA_NOT_FOUND' }]);
  });

  it('cancels the poll in flight when the client leaves mid-task, and polls that task no more', async () => {
    const { id } = sim.createTask({ status: 'processing', processingMs: 600_000 });
    const source = await openEvents(`/videos/${id}/events`);
    expect((await nextTask(source)).status).toBe('processing');

    // The simulator holds the next poll, so the client leaves while a request is in flight.
    sim.setFaults({ slowRate: 1, slowDelayMs: 600_000 });
    await vi.waitFor(() => expect(sim.metrics.faults.slow).toBe(1), soon);
    const polls = sim.metrics.pollsByTask[id];
    source.close();

    await vi.waitFor(() => expect(streamsEnded).toBe(1), soon);
    await vi.waitFor(() => expect(sim.metrics.inFlight).toBe(0), soon);
    await vi.waitFor(async () => expect(await openConnections()).toBe(0), soon);
    sim.clearFaults();

    // Another client's task, polled on the same schedule, stands for the time that passes: ten
    // of its polls later, the task that lost its client has had none.
    const other = sim.createTask({ status: 'processing', processingMs: 600_000 });
    const witness = await openEvents(`/videos/${other.id}/events`);
    await vi.waitFor(
      () => expect(sim.metrics.pollsByTask[other.id]).toBeGreaterThanOrEqual(10),
      soon,
    );
    witness.close();
    expect(sim.metrics.pollsByTask[id]).toBe(polls);
  });
});

describe('the NestJS example, polling once a minute', () => {
  beforeEach(() => startApp({ intervalMs: 60_000, ageAware: false }));

  it('ends the watch when the client leaves while it waits for the next poll', async () => {
    const { id } = sim.createTask({ status: 'processing', processingMs: 600_000 });
    const path = `/videos/${id}/events`;
    const first = await openEvents(path);
    expect((await nextTask(first)).status).toBe('processing');
    expect(sim.metrics.pollsByTask[id]).toBe(1);

    first.close();
    await vi.waitFor(() => expect(streamsEnded).toBe(1), soon);

    // Clients of one task share its poll loop, and one that joins a running loop gets the last
    // task without a request. So the poll at once proves that the first client's loop is gone,
    // its timer with it, and this client started its own.
    const second = await openEvents(path);
    expect((await nextTask(second)).status).toBe('processing');
    expect(sim.metrics.pollsByTask[id]).toBe(2);
    second.close();
  });
});
