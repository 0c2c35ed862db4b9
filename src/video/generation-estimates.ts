import type { VideoTask } from '../model/video-task.js';

const MINUTE = 60_000;

/** How long generation takes, from the provider's estimates, in milliseconds. */
export interface GenerationEstimate {
  /** The shortest expected generation time. */
  readonly minMs: number;
  /** The longest expected generation time. */
  readonly maxMs: number;
}

/** The provider's published generation times, by length of video in seconds. */
export const GENERATION_ESTIMATES: Readonly<Record<10 | 15 | 25, GenerationEstimate>> = {
  10: { minMs: 2 * MINUTE, maxMs: 5 * MINUTE },
  15: { minMs: 3 * MINUTE, maxMs: 8 * MINUTE },
  25: { minMs: 5 * MINUTE, maxMs: 15 * MINUTE },
};

/** The model that alone makes 25-second videos. */
const PRO_MODEL = 'sora-2-pro';

/**
 * The expected generation time of a video. A known length picks its row of the estimates; a
 * length the estimates do not list takes the nearest longer row. An unknown length spans every
 * length the model can make: 2–8 min, or 2–15 min for `sora-2-pro`.
 */
export function estimateGeneration(
  seconds: number | undefined,
  model: string | undefined,
): GenerationEstimate {
  if (seconds !== undefined && Number.isFinite(seconds) && seconds > 0) {
    if (seconds <= 10) return GENERATION_ESTIMATES[10];
    if (seconds <= 15) return GENERATION_ESTIMATES[15];
    return GENERATION_ESTIMATES[25];
  }
  const longest = model === PRO_MODEL ? GENERATION_ESTIMATES[25] : GENERATION_ESTIMATES[15];
  return { minMs: GENERATION_ESTIMATES[10].minMs, maxMs: longest.maxMs };
}

/** The video's length in seconds, where the gateway reports it (OpenAI sends a string). */
export function secondsOf(task: VideoTask): number | undefined {
  const seconds = Number(task.seconds);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}
