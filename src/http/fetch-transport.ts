import { Observable } from 'rxjs';
import { SoraNetworkError, SoraResponseTooLargeError } from '../errors/transport-errors.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './http-transport.js';

/** Options of {@link fetchTransport}. */
export interface FetchTransportOptions {
  /**
   * The `fetch` to send requests with.
   * @default globalThis.fetch
   */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * A transport on the standard `fetch`, for browsers, Deno, Bun and edge runtimes: the default
 * where Node's undici is not available. Unsubscribing aborts the request, and the body is read only
 * up to the request's `maxBodyBytes`.
 *
 * @example
 * ```ts
 * const sora = createSoraClient({ baseUrl, apiKey, transport: fetchTransport() });
 * ```
 */
export function fetchTransport(options: FetchTransportOptions = {}): HttpTransport {
  return (req) =>
    new Observable<HttpResponse>((subscriber) => {
      const controller = new AbortController();
      const send = options.fetch ?? globalThis.fetch;
      send(req.url, {
        method: req.method,
        headers: req.headers,
        ...(req.body === undefined ? {} : { body: req.body }),
        signal: controller.signal,
      })
        .then((response) => readResponse(req, response))
        .then(
          (response) => {
            subscriber.next(response);
            subscriber.complete();
          },
          (error: unknown) => {
            if (controller.signal.aborted) return;
            subscriber.error(
              error instanceof SoraResponseTooLargeError
                ? error
                : new SoraNetworkError(
                    req,
                    error instanceof Error ? error.message : String(error),
                    { cause: error },
                  ),
            );
          },
        );
      return () => controller.abort();
    });
}

async function readResponse(req: HttpRequest, response: Response): Promise<HttpResponse> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  if (Number(headers['content-length']) > req.maxBodyBytes) {
    await response.body?.cancel();
    throw new SoraResponseTooLargeError(req, req.maxBodyBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (chunk === undefined || chunk.done) break;
    size += chunk.value.byteLength;
    if (size > req.maxBodyBytes) {
      await reader?.cancel();
      throw new SoraResponseTooLargeError(req, req.maxBodyBytes);
    }
    chunks.push(chunk.value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { status: response.status, headers, body: new TextDecoder().decode(body) };
}
