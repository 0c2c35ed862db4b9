import type { RateLimiterOptions } from 'bullmq';

/** The window BullMQ's limiter counts, when spread: the user's `duration` cut to about 100 ms. */
const SPREAD_WINDOW_MS = 100;

/**
 * The same rate in short windows: `max` per `duration` becomes the fewest activations (at least
 * 1) per window of about 100 ms or more, so that no burst of `max` comes at a window's edge.
 */
export function spreadLimiter({ max, duration }: RateLimiterOptions): RateLimiterOptions {
  const perWindow = Math.max(1, Math.floor((max * SPREAD_WINDOW_MS) / duration));
  if (perWindow >= max) return { max, duration };
  return { max: perWindow, duration: Math.ceil((duration * perWindow) / max) };
}
