import type { GenerationEstimate } from '../schedule/generation-estimates.js';

export { estimateGeneration, type GenerationEstimate } from '../schedule/generation-estimates.js';

/** How much of the expected generation time remains, in milliseconds. */
export type TimeLeft =
  | { readonly kind: 'range'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'upTo'; readonly maxMs: number }
  | { readonly kind: 'overdue'; readonly byMs: number };

/**
 * Where a task stands against the provider's estimate (10 s video 2–5 min, 15 s 3–8 min, 25 s
 * 5–15 min) after `elapsedMs`: before the shortest time, a range left; between the two, at most
 * the rest of the longest; past the longest, overdue.
 */
export function estimateTimeLeft(estimate: GenerationEstimate, elapsedMs: number): TimeLeft {
  const elapsed = Math.max(0, elapsedMs);
  if (elapsed < estimate.minMs) {
    return { kind: 'range', minMs: estimate.minMs - elapsed, maxMs: estimate.maxMs - elapsed };
  }
  if (elapsed < estimate.maxMs) return { kind: 'upTo', maxMs: estimate.maxMs - elapsed };
  return { kind: 'overdue', byMs: elapsed - estimate.maxMs };
}
