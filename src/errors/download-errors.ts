import { videoExpiredMessage } from '../model/task-expiry.js';
import { SoraError } from './sora-error.js';

/**
 * The video has expired (usually 24 hours after completion): its URL answered 403 or 410, or the
 * task's `expires_at` had passed, and then no request was sent. Not retried: generate it again.
 */
export class SoraVideoExpiredError extends SoraError {
  override readonly name = 'SoraVideoExpiredError' as const;
  readonly code = 'SORA_VIDEO_EXPIRED' as const;
  readonly retryable = false;
  /** The URL that was refused, without its query string (which may hold a signature); `''` when none was asked. */
  readonly url: string;
  /** The HTTP status, 403 or 410; `undefined` when the task's `expires_at` said so and nothing was asked. */
  readonly status: number | undefined;
  /** When the video expired, in ms since the epoch, where the task said (its `expires_at`). */
  readonly expiresAt: number | undefined;

  /**
   * @param url The URL refused, or `''`.
   * @param status Its status, or `undefined`.
   * @param expiresAt When the task said its video expires, in ms since the epoch.
   */
  constructor(url: string, status: number | undefined, expiresAt?: number) {
    super(
      status === undefined
        ? videoExpiredMessage(expiresAt)
        : `The video at ${url} has expired (HTTP ${status}); download videos promptly after completion`,
    );
    this.url = url;
    this.status = status;
    this.expiresAt = expiresAt;
  }
}

/** The downloaded file is not an MP4: it has no `ftyp` box where an MP4 starts. Not retried. */
export class SoraInvalidVideoError extends SoraError {
  override readonly name = 'SoraInvalidVideoError' as const;
  readonly code = 'SORA_INVALID_VIDEO' as const;
  readonly retryable = false;
  /** The URL the file came from, without its query string. */
  readonly url: string;

  constructor(url: string, detail: string) {
    super(`The file at ${url} is not an MP4 video: ${detail}`);
    this.url = url;
  }
}

/**
 * The video host's answers do not add up to one file: a body longer than the size it declared, or
 * resumes it kept answering with bytes from another offset, size or version of the file. Nothing
 * is saved. Not retried.
 */
export class SoraVideoMismatchError extends SoraError {
  override readonly name = 'SoraVideoMismatchError' as const;
  readonly code = 'SORA_VIDEO_MISMATCH' as const;
  readonly retryable = false;
  /** The URL the file came from, without its query string. */
  readonly url: string;

  constructor(url: string, detail: string) {
    super(`The file at ${url} does not match what its host declared: ${detail}`);
    this.url = url;
  }
}

/** Writing the video to disk failed: a full disk, a missing folder, no permission. Carries `cause`. */
export class SoraFileError extends SoraError {
  override readonly name = 'SoraFileError' as const;
  readonly code = 'SORA_FILE' as const;
  readonly retryable = false;
  /** The file that could not be written. */
  readonly file: string;
  /** The system error code, such as `ENOSPC` or `EACCES`, when known. */
  readonly causeCode: string | undefined;

  constructor(file: string, cause: unknown) {
    const causeCode =
      typeof cause === 'object' && cause !== null && 'code' in cause
        ? String(cause.code)
        : undefined;
    super(`Could not write ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.file = file;
    this.causeCode = causeCode;
  }
}

/**
 * A video URL that cannot be downloaded: empty, not a URL, or not http(s), as sent by the server
 * or in a redirect. Not retried.
 */
export class SoraInvalidVideoUrlError extends SoraError {
  override readonly name = 'SoraInvalidVideoUrlError' as const;
  readonly code = 'SORA_INVALID_VIDEO_URL' as const;
  readonly retryable = false;
  /** The URL as far as it is safe to show: no query string, fragment or credentials. */
  readonly url: string;

  constructor(url: string, detail: string) {
    super(`Cannot download the video at ${JSON.stringify(url)}: ${detail}`);
    this.url = url;
  }
}

/**
 * A video download was refused because its host resolved to a loopback, link-local or private
 * address, with `allowPrivateAddresses: false`. Not retried.
 */
export class SoraAddressRefusedError extends SoraError {
  override readonly name = 'SoraAddressRefusedError' as const;
  readonly code = 'SORA_ADDRESS_REFUSED' as const;
  readonly retryable = false;
  /** The host the download was going to, as in its URL (no port, path or query). */
  readonly host: string;
  /** The addresses the host resolved to, all refused. */
  readonly addresses: readonly string[];

  constructor(host: string, addresses: readonly string[]) {
    const resolved =
      addresses.length === 1 && addresses[0] === host ? '' : ` (${addresses.join(', ')})`;
    super(
      `Refused to download from ${host}${resolved}: a loopback, link-local or private address; ` +
        'pass allowPrivateAddresses: true (--allow-private-addresses) to allow it',
    );
    this.host = host;
    this.addresses = addresses;
  }
}
