import { Observable } from 'rxjs';
import { type Dispatcher, request } from 'undici';
import { SoraNetworkError, SoraResponseTooLargeError } from '../errors/transport-errors.js';
import { discardBody } from './discard-body.js';
import { holdProcessOpen } from './hold-process-open.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './http-transport.js';
import { createUnrefAgent } from './unref-agent.js';

/** Options of {@link undiciTransport}. */
export interface UndiciTransportOptions {
  /**
   * The undici dispatcher to send requests through, to share a pool or add a proxy. When it is
   * omitted, the transport makes its own keep-alive `Agent`, whose idle sockets never keep the
   * process alive.
   */
  readonly dispatcher?: Dispatcher;
  /**
   * The most connections to one origin of the transport's own `Agent`.
   * @default 64
   */
  readonly connections?: number;
}

/**
 * The default transport in Node: undici on a keep-alive connection pool. Unsubscribing aborts the
 * request, and the body is read only up to the request's `maxBodyBytes`.
 *
 * @example
 * ```ts
 * const sora = createSoraClient({ baseUrl, apiKey, transport: undiciTransport({ connections: 8 }) });
 * ```
 */
export function undiciTransport(options: UndiciTransportOptions = {}): HttpTransport {
  let dispatcher = options.dispatcher;
  const getDispatcher = (): Dispatcher => {
    dispatcher ??= createUnrefAgent(options.connections ?? 64);
    return dispatcher;
  };

  return (req) =>
    new Observable<HttpResponse>((subscriber) => {
      const controller = new AbortController();
      const release = holdProcessOpen();
      let settled = false;
      send(req, getDispatcher(), controller.signal).then(
        (response) => {
          settled = true;
          release();
          subscriber.next(response);
          subscriber.complete();
        },
        (error: unknown) => {
          settled = true;
          release();
          if (!controller.signal.aborted) subscriber.error(toTransportError(req, error));
        },
      );
      return () => {
        release();
        // Aborting builds a DOMException: only worth it while the request is still in flight.
        if (!settled) controller.abort();
      };
    });
}

async function send(
  req: HttpRequest,
  dispatcher: Dispatcher,
  signal: AbortSignal,
): Promise<HttpResponse> {
  const response = await request(req.url, {
    method: req.method as Dispatcher.HttpMethod,
    headers: req.headers,
    body: req.body ?? null,
    signal,
    dispatcher,
  });
  const declared = Number(response.headers['content-length']);
  if (declared > req.maxBodyBytes) {
    discardBody(response.body);
    throw new SoraResponseTooLargeError(req, req.maxBodyBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > req.maxBodyBytes) {
      discardBody(response.body);
      throw new SoraResponseTooLargeError(req, req.maxBodyBytes);
    }
    chunks.push(chunk);
  }
  return {
    status: response.statusCode,
    headers: flattenHeaders(response.headers),
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

/** Response headers as one string per lower-cased name. */
export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined)
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function toTransportError(req: HttpRequest, error: unknown): Error {
  if (error instanceof SoraResponseTooLargeError) return error;
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  return new SoraNetworkError(req, code ? `${detail} (${code})` : detail, {
    cause: error,
    causeCode: code,
  });
}
