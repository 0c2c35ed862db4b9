import { Observable } from 'rxjs';
import type { RateLimiter } from '../operators/rate-limiter.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './http-transport.js';
import { parseRetryAfterMs } from './server-delay-hints.js';

/**
 * How long to pause the whole client after a 429 that did not say how long, and the shortest
 * pause after one that did: `Retry-After: 0`, or a date in the past, is no reason to hurry.
 */
const MIN_PAUSE_MS = 1_000;

/**
 * Sends every request of a transport through a rate limiter. A 429 pauses the whole limiter for
 * the server's `Retry-After` (at least 1 s, at most `maxPauseMs`; 1 s when it says nothing), so that every
 * task waits, not just the one that was refused. The client always sends its requests through one,
 * unlimited but for those pauses when its `rateLimit` option is not set.
 *
 * With a rate, a request holds its place in the limiter's one-second window from its hand-off to
 * the transport until a second after its answer, its failure or its cancellation: the one moment
 * by which it has surely reached the server, however long it waited for a connection or lingered
 * on a loaded network. So the server never sees more than the window allows in any second.
 */
export function rateLimitedTransport(
  transport: HttpTransport,
  limiter: RateLimiter,
  maxPauseMs: number,
): HttpTransport {
  // One Observable rather than defer and tap: every request of the client passes through here.
  const send = (req: HttpRequest, reached?: () => void) =>
    new Observable<HttpResponse>((subscriber) => {
      const exchange = transport(req).subscribe({
        next: (res) => {
          reached?.();
          if (res.status === 429) {
            const askedMs = parseRetryAfterMs(res.headers) ?? MIN_PAUSE_MS;
            limiter.pause(Math.min(Math.max(askedMs, MIN_PAUSE_MS), maxPauseMs));
          }
          subscriber.next(res);
        },
        error: (error: unknown) => {
          reached?.();
          subscriber.error(error);
        },
        complete: () => subscriber.complete(),
      });
      return () => {
        // Given up in flight: it may have reached the server all the same. A no-op once answered.
        reached?.();
        exchange.unsubscribe();
      };
    });
  return limiter.countsSends
    ? (req) => limiter.limit((reached) => send(req, reached))
    : (req) => limiter.limit(send(req));
}
