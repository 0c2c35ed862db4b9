import { asyncScheduler, Observable, type SchedulerLike } from 'rxjs';
import { SoraRequestTimeoutError } from '../errors/transport-errors.js';
import { assertDuration } from '../util/assert-options.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './http-transport.js';

/**
 * Gives every request of a transport a time limit, from the moment it is sent to its whole
 * response: past it, the request is aborted and fails with `SORA_REQUEST_TIMEOUT`. Placed inside a
 * rate limiter, the time a request waits for its turn does not count.
 *
 * @param transport The transport whose requests get the limit.
 * @param timeoutMs The time limit of each request, in milliseconds, from 1 to 2³¹−1.
 * @param scheduler Runs the timers; tests pass a `TestScheduler` to time out in virtual time.
 * @return A transport that fails a request with `SORA_REQUEST_TIMEOUT` past `timeoutMs`.
 */
export function withRequestTimeout(
  transport: HttpTransport,
  timeoutMs: number,
  scheduler: SchedulerLike = asyncScheduler,
): HttpTransport {
  assertDuration(timeoutMs, 'timeoutMs');
  return (req: HttpRequest) =>
    new Observable<HttpResponse>((subscriber) => {
      subscriber.add(
        scheduler.schedule(
          () => subscriber.error(new SoraRequestTimeoutError(req, timeoutMs)),
          timeoutMs,
        ),
      );
      return transport(req).subscribe(subscriber);
    });
}
