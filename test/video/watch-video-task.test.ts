import { describe, expect, it } from 'vitest';
import type { VideoTask } from '../../src/model/video-task.js';
import { computePollDelay, DEFAULT_POLL_OPTIONS } from '../../src/video/watch-video-task.js';

const MINUTE = 60_000;

/** A 10 s video (2–5 min to generate) created at time 0, polled at `age`. */
function delayAt(ageMs: number, options: Partial<typeof DEFAULT_POLL_OPTIONS> = {}): number {
  const task: VideoTask = {
    id: 'sora_1',
    object: 'video.generation',
    created: 0,
    model: 'sora-2',
    status: 'processing',
    video_url: null,
    error: null,
    seconds: 10,
  };
  return computePollDelay(task, ageMs, { ...DEFAULT_POLL_OPTIONS, ...options });
}

describe('computePollDelay', () => {
  it('waits until the shortest generation time while the task cannot be done yet', () => {
    expect(delayAt(0)).toBe(2 * MINUTE);
    expect(delayAt(30_000)).toBe(90_000);
    // Never less than the interval, even just before the shortest time.
    expect(delayAt(2 * MINUTE - 5_000)).toBe(30_000);
  });

  it('keeps every jittered gap within the interval while the task may finish at any moment', () => {
    expect(delayAt(2 * MINUTE)).toBe(27_000);
    expect(delayAt(5 * MINUTE)).toBe(27_000);
    expect(delayAt(3 * MINUTE, { jitter: 0 })).toBe(30_000);
  });

  it('polls at the interval once the task is older than the estimates', () => {
    expect(delayAt(5 * MINUTE + 1)).toBe(30_000);
    expect(delayAt(20 * MINUTE, { intervalMs: 45_000 })).toBe(45_000);
  });

  it('polls at the interval without ageAware', () => {
    expect(delayAt(0, { ageAware: false })).toBe(30_000);
    expect(delayAt(3 * MINUTE, { ageAware: false })).toBe(30_000);
  });
});
