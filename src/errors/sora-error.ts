/** Every error code sora-rx raises. */
export const SORA_ERROR_CODES = [
  'SORA_AUTH',
  'SORA_NOT_FOUND',
  'SORA_RATE_LIMITED',
  'SORA_SERVER',
  'SORA_HTTP',
  'SORA_NETWORK',
  'SORA_REQUEST_TIMEOUT',
  'SORA_RESPONSE_TOO_LARGE',
  'SORA_DECODE',
  'SORA_TASK_MISMATCH',
  'SORA_INVALID_TASK_ID',
  'SORA_POLL_TIMEOUT',
  'SORA_TASK_FAILED',
  'SORA_VIDEO_EXPIRED',
  'SORA_INVALID_VIDEO',
  'SORA_VIDEO_MISMATCH',
  'SORA_FILE',
  'SORA_INVALID_VIDEO_URL',
  'SORA_ADDRESS_REFUSED',
  'SORA_JOURNAL_LOCKED',
  'SORA_JOURNAL',
  'SORA_JOURNAL_FOREIGN',
  'SORA_UNCERTAIN_CREATE',
  // Raised by the entries that add a face to the core: `sora-rx/webhooks` and `sora-rx/bullmq`.
  // Their codes live here so that `isSoraError` knows them, and their classes live there.
  'SORA_WEBHOOK_REJECTED',
  'SORA_FLEET_JOB_FAILED',
] as const;

/** The code of a sora-rx error. Match on these, not on `instanceof`. */
export type SoraErrorCode = (typeof SORA_ERROR_CODES)[number];

/**
 * The base of every error sora-rx raises. Each subclass has a stable literal `code` and says
 * whether trying again could help (`retryable`).
 */
export abstract class SoraError extends Error {
  /** A stable identifier of the kind of failure, such as `SORA_RATE_LIMITED`. */
  abstract readonly code: SoraErrorCode;
  /** Whether the same request may succeed if sent again later. */
  abstract readonly retryable: boolean;

  /** A plain object for logs: name, code, message and the error's own fields. */
  toJSON(): Record<string, unknown> {
    const cause =
      this.cause instanceof Error
        ? { name: this.cause.name, message: this.cause.message }
        : this.cause;
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...Object.fromEntries(Object.entries(this)),
      ...(cause === undefined ? {} : { cause }),
    };
  }
}
