import type { Observable } from 'rxjs';

/** One HTTP request, as sora-rx hands it to a transport. */
export interface HttpRequest {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The absolute URL. */
  readonly url: string;
  /** Request headers, names in lower case. They may hold the API key: never log them. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request body, already serialised. */
  readonly body?: string;
  /**
   * The most bytes of response body to read. A larger body, as sent or once decoded from its
   * `content-encoding`, fails with `SORA_RESPONSE_TOO_LARGE`.
   */
  readonly maxBodyBytes: number;
}

/** One HTTP response, whatever its status. */
export interface HttpResponse {
  /** The HTTP status code. */
  readonly status: number;
  /** Response headers, names in lower case, repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The response body as text. */
  readonly body: string;
}

/**
 * Sends HTTP requests for sora-rx. A transport returns a cold Observable that, on subscription,
 * sends the request, emits exactly one response (whatever its status) and completes.
 *
 * - Unsubscribing aborts the request in flight.
 * - A failed connection errors with `SORA_NETWORK`; a body over `maxBodyBytes` with
 *   `SORA_RESPONSE_TOO_LARGE`.
 * - Time limits are not the transport's job: the client applies them around it.
 */
export type HttpTransport = ((request: HttpRequest) => Observable<HttpResponse>) & {
  /**
   * Releases the transport's connections, where it keeps a pool of its own; requests in flight
   * finish first. `SoraClient.close()` calls it on the transport the client made itself.
   */
  readonly close?: (() => Promise<void>) | undefined;
};
