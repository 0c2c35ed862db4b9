import { catchError, defer, map, type Observable, take, throwError, throwIfEmpty } from 'rxjs';
import { isSoraError } from '../errors/is-sora-error.js';
import { SoraNetworkError } from '../errors/transport-errors.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './http-transport.js';
import { isSuccessStatus, responseToError } from './response-to-error.js';

/**
 * Sends one request through a transport, once. It errors with the typed error of an unsuccessful
 * status, and with `SORA_NETWORK` for anything a transport throws that is not a sora-rx error.
 * Emits the successful response.
 */
export function sendRequest(transport: HttpTransport, req: HttpRequest): Observable<HttpResponse> {
  return defer(() => transport(req)).pipe(
    take(1),
    throwIfEmpty(() => new SoraNetworkError(req, 'the transport completed without a response')),
    catchError((error: unknown) =>
      throwError(() => (isSoraError(error) ? error : wrapTransportError(req, error))),
    ),
    map((res) => {
      if (!isSuccessStatus(res.status)) throw responseToError(req, res);
      return res;
    }),
  );
}

function wrapTransportError(req: HttpRequest, error: unknown): SoraNetworkError {
  return new SoraNetworkError(req, error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}
