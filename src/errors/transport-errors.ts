import { SoraError } from './sora-error.js';

/** Where a request was going, for error messages. */
export interface RequestDescription {
  /** The HTTP method. */
  readonly method: string;
  /** The URL. It never holds credentials. */
  readonly url: string;
}

/** The connection failed: refused, reset, dropped or unreachable. Retried with backoff. */
export class SoraNetworkError extends SoraError {
  override readonly name = 'SoraNetworkError' as const;
  readonly code = 'SORA_NETWORK' as const;
  readonly retryable = true;
  /** The HTTP method of the request. */
  readonly method: string;
  /** The URL of the request. */
  readonly url: string;
  /** The low-level error code, such as `ECONNREFUSED` or `UND_ERR_SOCKET`, when known. */
  readonly causeCode: string | undefined;

  constructor(
    request: RequestDescription,
    detail: string,
    options: { cause?: unknown; causeCode?: string | undefined } = {},
  ) {
    super(`${request.method} ${request.url} failed: ${detail}`, { cause: options.cause });
    this.method = request.method;
    this.url = request.url;
    this.causeCode = options.causeCode;
  }
}

/** No complete response arrived within `requestTimeoutMs`. Retried with backoff. */
export class SoraRequestTimeoutError extends SoraError {
  override readonly name = 'SoraRequestTimeoutError' as const;
  readonly code = 'SORA_REQUEST_TIMEOUT' as const;
  readonly retryable = true;
  /** The HTTP method of the request. */
  readonly method: string;
  /** The URL of the request. */
  readonly url: string;
  /** The time limit that ran out, in milliseconds. */
  readonly timeoutMs: number;

  constructor(request: RequestDescription, timeoutMs: number) {
    super(`${request.method} ${request.url} timed out after ${timeoutMs} ms`);
    this.method = request.method;
    this.url = request.url;
    this.timeoutMs = timeoutMs;
  }
}

/** The response body was larger than the allowed maximum, so it was not read. Not retried. */
export class SoraResponseTooLargeError extends SoraError {
  override readonly name = 'SoraResponseTooLargeError' as const;
  readonly code = 'SORA_RESPONSE_TOO_LARGE' as const;
  readonly retryable = false;
  /** The HTTP method of the request. */
  readonly method: string;
  /** The URL of the request. */
  readonly url: string;
  /** The limit that was exceeded, in bytes. */
  readonly maxBytes: number;

  constructor(request: RequestDescription, maxBytes: number) {
    super(`${request.method} ${request.url} sent a body larger than ${maxBytes} bytes`);
    this.method = request.method;
    this.url = request.url;
    this.maxBytes = maxBytes;
  }
}
