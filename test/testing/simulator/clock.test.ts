import { describe, expect, it } from 'vitest';
import { api, createVideo, startSim } from '../simulator-helpers.js';

const MINUTE = 60_000;

async function getTask(sim: Awaited<ReturnType<typeof startSim>>, id: string) {
  const res = await api(sim, `/videos/${id}`);
  return (await res.json()) as Record<string, unknown>;
}

describe('startSoraSimulator: time', () => {
  it('moves a seed task from queued to processing to completed as the manual clock advances', async () => {
    const sim = await startSim();
    const { id } = (await createVideo(sim)) as { id: string };
    const task = sim.getTask(id);
    if (task === undefined) throw new Error('no task');
    const seen: Record<string, unknown>[] = [];

    seen.push(await getTask(sim, id));
    sim.advance(task.startedAt - sim.now());
    seen.push(await getTask(sim, id));
    sim.advance(task.finishedAt - sim.now() - 1);
    seen.push(await getTask(sim, id));
    sim.advance(1);
    seen.push(await getTask(sim, id));

    expect(seen.map((body) => body.status)).toEqual([
      'queued',
      'processing',
      'processing',
      'completed',
    ]);
    expect(seen.map((body) => body.video_url)).toEqual([
      null,
      null,
      null,
      `${sim.origin}/files/${id}.mp4?expires=${Math.floor((task.finishedAt + 86_400_000) / 1000)}`,
    ]);
  });

  it('grows openai progress linearly during processing', async () => {
    const sim = await startSim({ dialect: 'openai' });
    sim.createTask({ id: 'video_1', queuedMs: 1000, processingMs: 100_000 });
    const progress: unknown[] = [];
    const statuses: unknown[] = [];

    for (const step of [0, 1000, 25_000, 25_000, 49_999, 1]) {
      sim.advance(step);
      const body = await getTask(sim, 'video_1');
      progress.push(body.progress);
      statuses.push(body.status);
    }

    expect(progress).toEqual([0, 0, 25, 50, 99, 100]);
    expect(statuses).toEqual([
      'queued',
      'in_progress',
      'in_progress',
      'in_progress',
      'in_progress',
      'completed',
    ]);
  });

  it.each([
    [10 as const, 2 * MINUTE, 5 * MINUTE],
    [15 as const, 3 * MINUTE, 8 * MINUTE],
    [25 as const, 5 * MINUTE, 15 * MINUTE],
  ])('draws the generation time of %i s videos from the estimates', async (seconds, min, max) => {
    const sim = await startSim({ seed: 7 });

    const totals = Array.from({ length: 200 }, () => {
      const task = sim.createTask({ seconds, model: 'sora-2-pro' });
      expect(task.startedAt).toBeGreaterThan(task.createdAt);
      return task.finishedAt - task.createdAt;
    });

    expect(Math.min(...totals)).toBeGreaterThanOrEqual(min);
    expect(Math.max(...totals)).toBeLessThanOrEqual(max);
    expect(Math.max(...totals) - Math.min(...totals)).toBeGreaterThan((max - min) / 2);
  });

  it('replays ids and durations for the same seed, and differs for another', async () => {
    const plan = async (seed: number) => {
      const sim = await startSim({ seed, startTime: 0 });
      return [1, 2, 3].map(() => {
        const { id, startedAt, finishedAt } = sim.createTask();
        return { id, startedAt, finishedAt };
      });
    };

    const first = await plan(1);

    expect(await plan(1)).toEqual(first);
    expect(await plan(2)).not.toEqual(first);
  });

  it('runs time faster by timeScale', async () => {
    const sim = await startSim({ timeScale: 600, startTime: 0 });
    sim.createTask({ id: 'a', queuedMs: 0, processingMs: 5 * MINUTE });

    sim.advance(499);
    const before = sim.getTask('a')?.status;
    sim.advance(1);

    expect(before).toBe('processing');
    expect(sim.getTask('a')?.status).toBe('completed');
    expect(sim.now()).toBe(5 * MINUTE);
  });

  it('reads an injected clock', async () => {
    let time = 1000;
    const sim = await startSim({ clock: { now: () => time }, startTime: 0 });
    sim.createTask({ id: 'a', queuedMs: 10, processingMs: 10 });

    time += 20;

    expect(sim.getTask('a')?.status).toBe('completed');
    expect(() => sim.advance(1)).toThrow(/clock: 'manual'/);
  });

  it('places tasks in a status with createTask and setTask, and time moves them on', async () => {
    const sim = await startSim({ dialect: 'openai' });
    sim.createTask({ id: 'p', status: 'processing', progress: 40, processingMs: 1000 });
    sim.createTask({ id: 'c', status: 'completed' });
    sim.createTask({ id: 'f', status: 'failed', error: 'boom' });
    sim.createTask({ id: 'q', queuedMs: 5000, processingMs: 1000 });

    const placed = await Promise.all(['p', 'c', 'f', 'q'].map((id) => getTask(sim, id)));
    sim.setTask('q', { status: 'processing', progress: 90 });
    sim.setTask('c', { statusOverride: 'expired' });
    sim.advance(600);
    const later = await Promise.all(['p', 'c', 'q'].map((id) => getTask(sim, id)));

    expect(placed.map((t) => [t.status, t.progress])).toEqual([
      ['in_progress', 40],
      ['completed', 100],
      ['failed', 0],
      ['queued', 0],
    ]);
    expect(placed[2]?.error).toEqual({ code: 'video_generation_failed', message: 'boom' });
    expect(later.map((t) => t.status)).toEqual(['completed', 'expired', 'completed']);
  });

  it('fails a task given an error at the end of its processing', async () => {
    const sim = await startSim();
    sim.createTask({
      id: 'x',
      queuedMs: 0,
      processingMs: 100,
      error: { code: 'c', message: 'nope' },
    });

    const during = await getTask(sim, 'x');
    sim.advance(100);
    const after = await getTask(sim, 'x');

    expect([during.status, during.error]).toEqual(['processing', null]);
    expect([after.status, after.error, after.video_url]).toEqual(['failed', 'nope', null]);
  });

  it('throws on setTask for an unknown id and on duplicate ids', async () => {
    const sim = await startSim();
    sim.createTask({ id: 'a' });

    expect(() => sim.setTask('b', { status: 'completed' })).toThrow(/No task with id `b`/);
    expect(() => sim.createTask({ id: 'a' })).toThrow(/already exists/);
  });
});
