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

/** How much of the expected generation time remains, in milliseconds. */
export type TimeLeft =
  | { readonly kind: 'range'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'upTo'; readonly maxMs: number }
  | { readonly kind: 'overdue'; readonly byMs: number };

/**
 * Where a task stands against its estimate after `elapsedMs`: before the shortest time, a range
 * left; between the two, at most the rest of the longest; past the longest, overdue.
 */
export function estimateTimeLeft(estimate: GenerationEstimate, elapsedMs: number): TimeLeft {
  const elapsed = Math.max(0, elapsedMs);
  if (elapsed < estimate.minMs) {
    return { kind: 'range', minMs: estimate.minMs - elapsed, maxMs: estimate.maxMs - elapsed };
  }
  if (elapsed < estimate.maxMs) return { kind: 'upTo', maxMs: estimate.maxMs - elapsed };
  return { kind: 'overdue', byMs: elapsed - estimate.maxMs };
}
