import type { SoraDecodeError } from './decode-error.js';
import type {
  SoraAddressRefusedError,
  SoraFileError,
  SoraInvalidVideoError,
  SoraInvalidVideoUrlError,
  SoraVideoExpiredError,
  SoraVideoMismatchError,
} from './download-errors.js';
import type {
  SoraJournalError,
  SoraJournalForeignError,
  SoraJournalLockedError,
  SoraUncertainCreateError,
} from './journal-errors.js';
import type {
  SoraAuthError,
  SoraHttpError,
  SoraNotFoundError,
  SoraRateLimitedError,
  SoraServerError,
} from './response-errors.js';
import { SORA_ERROR_CODES, type SoraError, type SoraErrorCode } from './sora-error.js';
import type { SoraPollTimeoutError, SoraTaskFailedError } from './task-errors.js';
import type { SoraInvalidTaskIdError } from './task-id-error.js';
import type { SoraTaskMismatchError } from './task-mismatch-error.js';
import type {
  SoraNetworkError,
  SoraRequestTimeoutError,
  SoraResponseTooLargeError,
} from './transport-errors.js';

/**
 * The error class behind each code. The core knows the codes of `sora-rx/webhooks` and
 * `sora-rx/bullmq` as `SoraError` only: each of those entries adds its own class here when it is
 * imported, since the core never imports them.
 */
export interface SoraErrorsByCode extends Record<SoraErrorCode, SoraError> {
  SORA_AUTH: SoraAuthError;
  SORA_NOT_FOUND: SoraNotFoundError;
  SORA_RATE_LIMITED: SoraRateLimitedError;
  SORA_SERVER: SoraServerError;
  SORA_HTTP: SoraHttpError;
  SORA_NETWORK: SoraNetworkError;
  SORA_REQUEST_TIMEOUT: SoraRequestTimeoutError;
  SORA_RESPONSE_TOO_LARGE: SoraResponseTooLargeError;
  SORA_DECODE: SoraDecodeError;
  SORA_TASK_MISMATCH: SoraTaskMismatchError;
  SORA_INVALID_TASK_ID: SoraInvalidTaskIdError;
  SORA_POLL_TIMEOUT: SoraPollTimeoutError;
  SORA_TASK_FAILED: SoraTaskFailedError;
  SORA_VIDEO_EXPIRED: SoraVideoExpiredError;
  SORA_INVALID_VIDEO: SoraInvalidVideoError;
  SORA_VIDEO_MISMATCH: SoraVideoMismatchError;
  SORA_FILE: SoraFileError;
  SORA_INVALID_VIDEO_URL: SoraInvalidVideoUrlError;
  SORA_ADDRESS_REFUSED: SoraAddressRefusedError;
  SORA_JOURNAL_LOCKED: SoraJournalLockedError;
  SORA_JOURNAL: SoraJournalError;
  SORA_JOURNAL_FOREIGN: SoraJournalForeignError;
  SORA_UNCERTAIN_CREATE: SoraUncertainCreateError;
}

const CODES: ReadonlySet<string> = new Set(SORA_ERROR_CODES);

/**
 * Whether `error` is a sora-rx error, optionally of one code. It matches on `code`, so it works
 * across two copies of the package, where `instanceof` does not.
 *
 * @example
 * ```ts
 * catchError((error) => isSoraError(error, 'SORA_NOT_FOUND') ? of(null) : throwError(() => error))
 * ```
 */
export function isSoraError(error: unknown): error is SoraError;
export function isSoraError<C extends SoraErrorCode>(
  error: unknown,
  code: C,
): error is SoraErrorsByCode[C];
export function isSoraError(error: unknown, code?: SoraErrorCode): boolean {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string')
    return false;
  return code === undefined ? CODES.has(error.code) : error.code === code;
}
