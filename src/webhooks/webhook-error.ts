import { SoraError } from 'sora-rx';

/** Why a webhook was refused. */
export type WebhookRejection =
  | 'missing-headers'
  | 'bad-timestamp'
  | 'bad-signature'
  | 'too-large'
  | 'body-timeout'
  | 'bad-body'
  | 'no-raw-body';

/**
 * A webhook that was refused: unsigned, signed with another key, too old or too new, too large,
 * too slow to come, or not JSON. Its message says which, never with the secret or the signature; match on `code`
 * and `reason`.
 */
export class SoraWebhookError extends SoraError {
  override readonly name = 'SoraWebhookError' as const;
  /** A stable identifier of the failure. */
  readonly code = 'SORA_WEBHOOK_REJECTED' as const;
  /** Never: the same webhook is refused again. */
  readonly retryable = false;

  /**
   * @param reason Why the webhook was refused.
   * @param statusCode The HTTP status the receiver answers: 413 when too large, 408 when the body
   *   did not all come within `bodyTimeoutMs`, else 400.
   * @param message What went wrong, for logs.
   */
  constructor(
    readonly reason: WebhookRejection,
    readonly statusCode: 400 | 408 | 413,
    message: string,
  ) {
    super(message);
  }
}

// With this entry imported, `isSoraError(error, 'SORA_WEBHOOK_REJECTED')` narrows to this class.
declare module 'sora-rx' {
  interface SoraErrorsByCode {
    SORA_WEBHOOK_REJECTED: SoraWebhookError;
  }
}
