import { defer, tap } from 'rxjs';
import type { RateLimiter } from '../operators/rate-limiter.js';
import type { HttpTransport } from './http-transport.js';
import { parseRetryAfterMs } from './server-delay-hints.js';

/** How long to pause the whole client after a 429 that did not say how long. */
const DEFAULT_PAUSE_MS = 1_000;

/**
 * Sends every request of a transport through a rate limiter. A 429 pauses the whole limiter for
 * the server's `Retry-After` (clamped to `maxPauseMs`), so that every task waits, not just the one
 * that was refused.
 */
export function rateLimitedTransport(
  transport: HttpTransport,
  limiter: RateLimiter,
  maxPauseMs: number,
): HttpTransport {
  return (req) =>
    limiter.limit(
      defer(() => transport(req)).pipe(
        tap((res) => {
          if (res.status === 429) {
            limiter.pause(Math.min(parseRetryAfterMs(res.headers) ?? DEFAULT_PAUSE_MS, maxPauseMs));
          }
        }),
      ),
    );
}
