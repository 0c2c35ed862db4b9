import { describe, expect, it } from 'vitest';
import { api, createVideo, startSim } from '../simulator-helpers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A start time on a whole second, so that reported seconds come out exact. */
const START = Date.UTC(2025, 9, 28, 7, 11, 18);
const START_S = START / 1000;

async function getTask(sim: Awaited<ReturnType<typeof startSim>>, id: string) {
  const res = await api(sim, `/videos/${id}`);
  return (await res.json()) as Record<string, unknown>;
}

describe('startSoraSimulator: the times it reports', () => {
  it('reports `created` on the clock, unscaled: 1 s of clock time moves it by 1 s at timeScale 600', async () => {
    const sim = await startSim({ timeScale: 600, startTime: START });

    const first = await createVideo(sim);
    sim.advance(1000);
    const second = await createVideo(sim);

    expect(sim.now()).toBe(START + 10 * MINUTE);
    expect(first.created).toBe(START_S);
    expect(second.created).toBe(START_S + 1);
    expect(await getTask(sim, String(second.id))).toMatchObject({ created: START_S + 1 });
  });

  it('keeps the task snapshots on simulated time', async () => {
    const sim = await startSim({ timeScale: 600, startTime: START });
    sim.advance(1000);

    const created = await createVideo(sim);

    expect(sim.getTask(String(created.id))?.createdAt).toBe(START + 10 * MINUTE);
  });

  it('reports openai `created_at`, `completed_at` and `expires_at` on the clock, the expiry when the file really expires', async () => {
    const sim = await startSim({ dialect: 'openai', timeScale: 600, startTime: START });
    sim.advance(1000);
    sim.createTask({ id: 'video_1', queuedMs: 0, processingMs: 10 * MINUTE });
    sim.advance(1000);

    const done = await getTask(sim, 'video_1');
    // 24 simulated hours of time to live are 144 s of clock time at 600×.
    sim.advance(143_999);
    const before = await api(sim, '/videos/video_1/content', { method: 'HEAD' });
    sim.advance(1);
    const after = await api(sim, '/videos/video_1/content', { method: 'HEAD' });

    expect(done).toMatchObject({
      status: 'completed',
      created_at: START_S + 1,
      completed_at: START_S + 2,
      expires_at: START_S + 2 + (24 * HOUR) / 600 / 1000,
    });
    expect([before.status, after.status]).toEqual([200, 404]);
  });

  it("reports a seed `video_url`'s expiry on the clock, and `sim.videoUrlOf` agrees", async () => {
    const sim = await startSim({ timeScale: 600, startTime: START });
    sim.createTask({ id: 'sora_1', queuedMs: 0, processingMs: 10 * MINUTE });
    sim.advance(1000);

    const done = await getTask(sim, 'sora_1');

    const expires = START_S + 1 + 144;
    expect(done.video_url).toBe(`${sim.origin}/files/sora_1.mp4?expires=${expires}`);
    expect(sim.videoUrlOf('sora_1')).toBe(done.video_url);
  });

  it('reports the time of an injected clock since the start, unscaled', async () => {
    let time = 50_000;
    const sim = await startSim({ clock: { now: () => time }, timeScale: 600, startTime: START });

    time += 3000;
    const created = await createVideo(sim);

    expect(created.created).toBe(START_S + 3);
    expect(sim.now()).toBe(START + 30 * MINUTE);
  });

  it('reports the wall clock at creation with the system clock', async () => {
    const sim = await startSim({ clock: 'system', timeScale: 600 });

    const before = Math.floor(Date.now() / 1000);
    const created = await createVideo(sim);
    const after = Math.floor(Date.now() / 1000);

    expect(created.created).toBeGreaterThanOrEqual(before);
    expect(created.created).toBeLessThanOrEqual(after);
  });

  it('reports simulated time as it is at timeScale 1', async () => {
    const sim = await startSim({ startTime: START });
    sim.advance(5 * MINUTE);

    const created = await createVideo(sim);

    expect(created.created).toBe(START_S + 300);
  });
});
