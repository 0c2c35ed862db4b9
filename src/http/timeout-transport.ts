import { defer, throwError, timeout } from 'rxjs';
import { SoraRequestTimeoutError } from '../errors/transport-errors.js';
import type { HttpTransport } from './http-transport.js';

/**
 * Gives every request of a transport a time limit, from the moment it is sent to its whole
 * response: past it, the request is aborted and fails with `SORA_REQUEST_TIMEOUT`. Placed inside a
 * rate limiter, the time a request waits for its turn does not count.
 */
export function withRequestTimeout(transport: HttpTransport, timeoutMs: number): HttpTransport {
  return (req) =>
    defer(() => transport(req)).pipe(
      timeout({
        first: timeoutMs,
        with: () => throwError(() => new SoraRequestTimeoutError(req, timeoutMs)),
      }),
    );
}
