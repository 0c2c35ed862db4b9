import { type RequestDescription, SoraRequestError } from './request-error.js';

/** The connection failed: refused, reset, dropped or unreachable. Retried with backoff. */
export class SoraNetworkError extends SoraRequestError {
  override readonly name = 'SoraNetworkError' as const;
  readonly code = 'SORA_NETWORK' as const;
  readonly retryable = true;
  /** The low-level error code, such as `ECONNREFUSED` or `UND_ERR_SOCKET`, when known. */
  readonly causeCode: string | undefined;

  constructor(
    request: RequestDescription,
    detail: string,
    options: { cause?: unknown; causeCode?: string | undefined } = {},
  ) {
    super(request, `failed: ${detail}`, { cause: options.cause });
    this.causeCode = options.causeCode;
  }
}

/** No complete response arrived within `requestTimeoutMs`. Retried with backoff. */
export class SoraRequestTimeoutError extends SoraRequestError {
  override readonly name = 'SoraRequestTimeoutError' as const;
  readonly code = 'SORA_REQUEST_TIMEOUT' as const;
  readonly retryable = true;
  /** The time limit that ran out, in milliseconds. */
  readonly timeoutMs: number;

  constructor(request: RequestDescription, timeoutMs: number) {
    super(request, `timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The response body was larger than the allowed maximum, so it was not read. Not retried. */
export class SoraResponseTooLargeError extends SoraRequestError {
  override readonly name = 'SoraResponseTooLargeError' as const;
  readonly code = 'SORA_RESPONSE_TOO_LARGE' as const;
  readonly retryable = false;
  /** The limit that was exceeded, in bytes. */
  readonly maxBytes: number;

  constructor(request: RequestDescription, maxBytes: number) {
    super(request, `sent a body larger than ${maxBytes} bytes`);
    this.maxBytes = maxBytes;
  }
}
