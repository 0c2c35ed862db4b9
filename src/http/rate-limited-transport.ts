import { Observable } from 'rxjs';
import type { RateLimiter } from '../operators/rate-limiter.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './http-transport.js';
import { parseRetryAfterMs } from './server-delay-hints.js';

/** How long to pause the whole client after a 429 that did not say how long. */
const DEFAULT_PAUSE_MS = 1_000;

/**
 * Sends every request of a transport through a rate limiter. A 429 pauses the whole limiter for
 * the server's `Retry-After` (clamped to `maxPauseMs`; 1 s when it says nothing), so that every
 * task waits, not just the one that was refused. With a transport that `reportsSent`, the limit
 * counts each request from when it goes out on its connection. The client always sends its requests through
 * one, unlimited but for those pauses when its `rateLimit` option is not set.
 */
export function rateLimitedTransport(
  transport: HttpTransport,
  limiter: RateLimiter,
  maxPauseMs: number,
): HttpTransport {
  // One Observable rather than defer and tap: every request of the client passes through here.
  const send = (req: HttpRequest) =>
    new Observable<HttpResponse>((subscriber) =>
      transport(req).subscribe({
        next: (res) => {
          if (res.status === 429) {
            limiter.pause(Math.min(parseRetryAfterMs(res.headers) ?? DEFAULT_PAUSE_MS, maxPauseMs));
          }
          subscriber.next(res);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
  // A transport that tells when a request goes out lets the limit count it then, not at hand-off.
  return transport.reportsSent === true && limiter.countsSends
    ? (req) => limiter.limit((sent) => send({ ...req, onSent: sent }))
    : (req) => limiter.limit(send(req));
}
