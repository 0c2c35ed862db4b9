import {
  type HttpClient,
  HttpErrorResponse,
  type HttpEvent,
  HttpEventType,
  type HttpHeaders,
  type HttpResponse as NgHttpResponse,
} from '@angular/common/http';
import { catchError, defer, filter, map, type Observable, of, tap, throwError } from 'rxjs';
import {
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  SoraNetworkError,
  SoraResponseTooLargeError,
} from 'sora-rx';

/**
 * A transport on Angular's `HttpClient`, so that the app's interceptors see every request of
 * sora-rx: auth headers, logging, a proxy prefix. {@link provideSora} uses it; build a client with
 * it yourself only outside `provideSora`.
 *
 * - It emits one response for every status: an `HttpErrorResponse` with a status becomes a
 *   response, and sora-rx turns it into its typed error (a 404 into `SORA_NOT_FOUND`).
 * - Status 0 (no answer: offline, refused, blocked by CORS) fails with `SORA_NETWORK`.
 * - Unsubscribing cancels the request, as `HttpClient` does.
 * - A body over `maxBodyBytes` fails with `SORA_RESPONSE_TOO_LARGE`, as soon as a
 *   `Content-Length` or a progress event shows it, else once the body is read.
 *
 * @example
 * ```ts
 * const sora = createSoraClient({ baseUrl, apiKey, transport: httpClientTransport(inject(HttpClient)) });
 * ```
 * @param http The app's `HttpClient`.
 */
export function httpClientTransport(http: HttpClient): HttpTransport {
  return (req) =>
    defer(() =>
      http.request(req.method, req.url, {
        body: req.body,
        headers: { ...req.headers },
        observe: 'events',
        // Progress events tell the body's size while it arrives, so a huge body is cut short.
        reportProgress: true,
        responseType: 'text',
      }),
    ).pipe(
      tap((event) => assertWithinLimit(req, event)),
      filter((event): event is NgHttpResponse<string> => event.type === HttpEventType.Response),
      map((event) => toResponse(event.status, event.headers, event.body)),
      catchError((error: unknown) => recoverResponse(req, error)),
    );
}

/** Throws `SORA_RESPONSE_TOO_LARGE` when an event shows a body over the limit. */
function assertWithinLimit(req: HttpRequest, event: HttpEvent<string>): void {
  const size =
    event.type === HttpEventType.ResponseHeader
      ? Number(event.headers.get('content-length') ?? 0)
      : event.type === HttpEventType.DownloadProgress
        ? event.loaded
        : event.type === HttpEventType.Response
          ? byteLength(event.body ?? '', req.maxBodyBytes)
          : 0;
  if (size > req.maxBodyBytes) throw new SoraResponseTooLargeError(req, req.maxBodyBytes);
}

/** `HttpClient` errors on every status outside 2xx: those are answers, and become responses. */
function recoverResponse(req: HttpRequest, error: unknown): Observable<HttpResponse> {
  if (!(error instanceof HttpErrorResponse)) return throwError(() => error);
  if (error.status === 0) {
    return throwError(() => new SoraNetworkError(req, error.message, { cause: error }));
  }
  const body = bodyText(error.error);
  if (byteLength(body, req.maxBodyBytes) > req.maxBodyBytes) {
    return throwError(() => new SoraResponseTooLargeError(req, req.maxBodyBytes));
  }
  return of(toResponse(error.status, error.headers, body));
}

function toResponse(status: number, headers: HttpHeaders, body: string | null): HttpResponse {
  const names: Record<string, string> = {};
  for (const name of headers.keys()) {
    names[name.toLowerCase()] = (headers.getAll(name) ?? []).join(', ');
  }
  return { status, headers: names, body: body ?? '' };
}

/** The text of an error body: a string for `responseType: 'text'`, or what an interceptor put. */
function bodyText(body: unknown): string {
  if (body === null || body === undefined) return '';
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body) ?? '';
  } catch {
    return String(body);
  }
}

/** The UTF-8 size of `text`, counted exactly only when its length leaves a doubt. */
function byteLength(text: string, limit: number): number {
  // A UTF-16 code unit takes 1 to 3 bytes in UTF-8.
  if (text.length > limit || text.length * 3 <= limit) return text.length;
  return new TextEncoder().encode(text).byteLength;
}
