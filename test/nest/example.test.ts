import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventSource } from 'eventsource';
import type { VideoTask } from 'sora-rx';
import { SORA_MODULE_OPTIONS } from 'sora-rx/nest';
import { type SoraSimulator, startSoraSimulator } from 'sora-rx/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppModule } from '../../examples/nest/app.module.js';

let sim: SoraSimulator;
let app: INestApplication;

interface ReceivedEvents {
  readonly tasks: VideoTask[];
  readonly errors: unknown[];
}

/** Reads the events of `path` with a real EventSource until the server ends the stream. */
async function readEvents(path: string, onTask: (task: VideoTask) => void = () => {}) {
  const url = new URL(path, await app.getUrl());
  return new Promise<ReceivedEvents>((resolve) => {
    const received: ReceivedEvents = { tasks: [], errors: [] };
    const source = new EventSource(url);
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
  beforeEach(async () => {
    sim = await startSoraSimulator({ clock: 'manual' });
    // The app as it ships, with the client pointed at the simulator and polling fast.
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(SORA_MODULE_OPTIONS)
      .useValue({
        baseUrl: sim.baseUrl,
        apiKey: sim.apiKey,
        poll: { intervalMs: 5, jitter: 0, ageAware: false },
      })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
  });

  afterEach(async () => {
    await app.close();
    await sim.close();
  });

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
});
