import type { Observable } from 'rxjs';
import type { HttpRequest, HttpResponse, HttpTransport } from '../http/http-transport.js';

/** A transport for tests: it answers through `respond` and records every request it was given. */
export interface StubTransport extends HttpTransport {
  /** Every request received, in order. */
  readonly requests: readonly HttpRequest[];
}

/**
 * Makes a transport for tests that answers each request through `respond`, typically a `cold()`
 * Observable from `rxjs/testing`, so that `expectSubscriptions` shows when each request was sent
 * and when it was cancelled.
 *
 * @example
 * ```ts
 * testScheduler.run(({ cold }) => {
 *   const http = cold('--(r|)', { r: jsonResponse(task) });
 *   const sora = createSoraClient({ baseUrl, apiKey, transport: stubTransport(() => http) });
 * });
 * ```
 */
export function stubTransport(
  respond: (request: HttpRequest, index: number) => Observable<HttpResponse>,
): StubTransport {
  const requests: HttpRequest[] = [];
  const transport = (request: HttpRequest) => {
    requests.push(request);
    return respond(request, requests.length - 1);
  };
  return Object.assign(transport, { requests });
}

/** An HTTP response with a JSON body, for stub transports. */
export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): HttpResponse {
  return {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json', ...init.headers },
    body: JSON.stringify(body),
  };
}
