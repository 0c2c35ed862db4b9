import type { GenerationEstimate } from '../schedule/generation-estimates.js';

export { estimateGeneration, type GenerationEstimate } from '../schedule/generation-estimates.js';

/** How much of the expected generation time remains, in milliseconds. */
export type TimeLeft =
  | { readonly kind: 'range'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'upTo'; readonly maxMs: number }
  | { readonly kind: 'about'; readonly ms: number }
  | { readonly kind: 'overdue'; readonly byMs: number };

/** Below this progress, a task's rate says too little to extrapolate from. */
const MIN_PROGRESS = 5;

/**
 * Where a task stands after `elapsedMs`. With the gateway's `progress` (5 to 99 %), about what its
 * rate so far leaves: 76 % after 2 s is about 1 s more, whatever the published times say.
 * Without it, against the provider's estimate (10 s video 2–5 min, 15 s 3–8 min, 25 s 5–15 min):
 * before the shortest time, a range left; between the two, at most the rest of the longest; past
 * the longest, overdue.
 */
export function estimateTimeLeft(
  estimate: GenerationEstimate,
  elapsedMs: number,
  progress?: number,
): TimeLeft {
  const elapsed = Math.max(0, elapsedMs);
  if (progress !== undefined && progress >= MIN_PROGRESS && progress < 100 && elapsed > 0) {
    return { kind: 'about', ms: (elapsed * (100 - progress)) / progress };
  }
  if (elapsed < estimate.minMs) {
    return { kind: 'range', minMs: estimate.minMs - elapsed, maxMs: estimate.maxMs - elapsed };
  }
  if (elapsed < estimate.maxMs) return { kind: 'upTo', maxMs: estimate.maxMs - elapsed };
  return { kind: 'overdue', byMs: elapsed - estimate.maxMs };
}
