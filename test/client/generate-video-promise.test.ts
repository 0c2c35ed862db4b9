import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SchedulerLike, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { SoraTaskFailedError } from '../../src/errors/task-errors.js';
import type { VideoTask } from '../../src/model/video-task.js';
import {
  type SoraSimulator,
  type SoraSimulatorOptions,
  startSoraSimulator,
} from '../../src/testing/simulator/index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A simulator 5000 times faster than real time, and a client that polls it every 20 ms. */
async function setUp(options: SoraSimulatorOptions = {}, scheduler?: SchedulerLike) {
  const sim: SoraSimulator = await startSoraSimulator({ seed: 3, timeScale: 5000, ...options });
  const sora = createSoraClient({
    baseUrl: sim.baseUrl,
    apiKey: sim.apiKey,
    poll: { intervalMs: 20, jitter: 0, ageAware: false, minHintMs: 20 },
    ...(scheduler === undefined ? {} : { scheduler }),
  });
  const dir = await mkdtemp(join(tmpdir(), 'sora-rx-promise-'));
  cleanups.push(
    () => sora.close(),
    () => sim.close(),
    () => rm(dir, { recursive: true, force: true }),
  );
  return { sim, sora, dir };
}

describe('generateVideo, the promise helper', () => {
  it('creates, waits, saves the video and resolves with the task and the file', async () => {
    const { sim, sora, dir } = await setUp();
    const seen: VideoTask[] = [];
    const progress: number[] = [];

    const { task, file, bytes } = await sora.generateVideo(
      { prompt: 'A corgi surfing at sunset', seconds: 10 },
      { saveTo: dir, onTask: (t) => seen.push(t), onDownload: (p) => progress.push(p.bytes) },
    );

    expect(task.status).toBe('completed');
    expect(seen[0]?.status).toBe('queued');
    expect(seen.at(-1)).toEqual(task);
    expect(file).toBe(join(dir, `${task.id}.mp4`));
    expect(bytes).toBe(sim.videoSize);
    expect((await readFile(file as string)).length).toBe(sim.videoSize);
    expect(progress.at(-1)).toBe(sim.videoSize);
  });

  it('downloads nothing without saveTo', async () => {
    const { sim, sora, dir } = await setUp();

    const result = await sora.generateVideo({ prompt: 'A fox in snow' });

    expect(result).toMatchObject({
      task: { status: 'completed' },
      file: undefined,
      bytes: undefined,
    });
    expect(sim.metrics.downloads).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects with SoraTaskFailedError for a failed task, and saves nothing', async () => {
    const { sim, sora, dir } = await setUp({ faults: { failRate: 1 } });

    const generated = sora.generateVideo({ prompt: 'Blocked' }, { saveTo: dir });

    await expect(generated).rejects.toBeInstanceOf(SoraTaskFailedError);
    expect(sim.metrics.downloads).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('stops at the abort: rejects with its reason and sends nothing more', async () => {
    // Every wait of the client on a clock the test runs: a timer left behind would fire at flush.
    const scheduler = new VirtualTimeScheduler();
    const { sim, sora, dir } = await setUp({ timeScale: 1 }, scheduler);
    const controller = new AbortController();
    const seen: VideoTask[] = [];

    const generated = sora.generateVideo(
      { prompt: 'Never mind' },
      {
        saveTo: dir,
        signal: controller.signal,
        onTask: (task) => {
          seen.push(task);
          controller.abort(new Error('the user gave up'));
        },
      },
    );

    await expect(generated).rejects.toThrow('the user gave up');
    expect(seen).toHaveLength(1);
    const sent = sim.metrics.totalRequests;
    expect(scheduler.actions).toEqual([]);
    scheduler.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sim.metrics.totalRequests).toBe(sent);
  });

  it('rejects, sending nothing, when the signal is already aborted or an option is wrong', async () => {
    const { sim, sora } = await setUp();
    const aborted = AbortSignal.abort(new Error('too late'));

    await expect(sora.generateVideo({ prompt: 'x' }, { signal: aborted })).rejects.toThrow(
      'too late',
    );
    await expect(sora.generateVideo({ prompt: 'x' }, { signal: 'stop' as never })).rejects.toThrow(
      /`signal` to be an AbortSignal/,
    );
    await expect(sora.generateVideo({ prompt: 'x' }, { save: './v' } as never)).rejects.toThrow(
      /Unknown option `save`/,
    );
    await expect(sora.generateVideo({ prompt: '' })).rejects.toThrow(/`prompt`/);
    expect(sim.metrics.totalRequests).toBe(0);
  });
});
