import { Observable } from 'rxjs';
import { isSoraError } from '../errors/is-sora-error.js';
import { SoraNetworkError } from '../errors/transport-errors.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './http-transport.js';
import { redactorOf } from './redact.js';
import { redactError } from './redact-error.js';
import { isSuccessStatus, responseToError } from './response-to-error.js';

/**
 * Sends one request through a transport, once. It errors with the typed error of an unsuccessful
 * status, and with `SORA_NETWORK` for anything a transport throws that is not a sora-rx error;
 * no error holds the request's credential. Emits the successful response.
 */
export function sendRequest(transport: HttpTransport, req: HttpRequest): Observable<HttpResponse> {
  return new Observable<HttpResponse>((subscriber) => {
    let answered = false;
    // A transport's error may quote what the server sent (or the request): redact it here, where
    // the request's credential is known.
    const fail = (error: unknown) =>
      subscriber.error(
        redactError(
          isSoraError(error) ? error : wrapTransportError(req, error),
          redactorOf(req.headers),
        ),
      );
    try {
      // One Observable rather than a chain of operators: this runs for every poll.
      return transport(req).subscribe({
        next: (res) => {
          if (answered) return;
          answered = true;
          if (!isSuccessStatus(res.status)) return subscriber.error(responseToError(req, res));
          subscriber.next(res);
          subscriber.complete();
        },
        error: fail,
        complete: () => {
          if (!answered) fail(new Error('the transport completed without a response'));
        },
      });
    } catch (error) {
      fail(error);
      return undefined;
    }
  });
}

function wrapTransportError(req: HttpRequest, error: unknown): SoraNetworkError {
  return new SoraNetworkError(req, error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}
