import type { StatusAliases } from 'sora-rx';
import type { SoraWebhookError } from './webhook-error.js';

/** How a sender signs its webhooks: see {@link WebhookReceiverOptions.scheme}. */
export type WebhookScheme = 'standard-webhooks' | 'openrouter';

/** Options of {@link createWebhookReceiver}. */
export interface WebhookReceiverOptions {
  /**
   * The signing secret as the sender shows it, or several while you rotate it: a webhook signed
   * with any of them passes. It never appears in errors or logs. For `'standard-webhooks'` it is
   * `whsec_` and base64; for `'openrouter'`, the workspace signing secret as it is. Each must hold
   * at least 16 bytes once decoded (24 or more recommended), or a TypeError is thrown: a short
   * key can be guessed.
   * @example process.env.SORA_WEBHOOK_SECRET
   */
  readonly secret: string | readonly string[];
  /**
   * How the sender signs its webhooks:
   * - `'standard-webhooks'`: the `webhook-id`, `webhook-timestamp` and `webhook-signature`
   *   headers (OpenAI, the simulator's seed and OpenAI dialects);
   * - `'openrouter'`: OpenRouter's `X-OpenRouter-Signature: t=<unix>,v1=<hex>`, an HMAC-SHA256
   *   of `${t},${rawBody}`, with its `X-OpenRouter-Idempotency-Key` as the message id.
   * Either way: constant-time comparison, several signatures for rotation, a 5-minute tolerance.
   * @default 'standard-webhooks'
   * @example 'openrouter'
   */
  readonly scheme?: WebhookScheme | undefined;
  /**
   * The largest body accepted, in bytes, at every entry point: the handler answers a larger one
   * 413, reads no more of it and closes the connection; `handle()` refuses a larger body it is
   * given (413) before checking its signature.
   * @default 262144 (256 KiB)
   * @example 64 * 1024
   */
  readonly maxBodyBytes?: number | undefined;
  /**
   * The longest the handler waits for a whole body, in ms, from the moment it is called: a body
   * that has not all come by then (a stalled sender, or one that trickles a byte at a time) is
   * answered 408 and its connection closed. A whole number from 1 to 2,147,483,647.
   * @default 10000 (10 s)
   * @example 2_000
   */
  readonly bodyTimeoutMs?: number | undefined;
  /**
   * How many message ids (`webhook-id`) to remember, so that a delivery seen before (a retry, a
   * duplicate) is answered 204 and emits nothing. The 5-minute timestamp tolerance refuses older
   * replays, so this needs to cover only the messages of 5 minutes.
   * @default 10000
   */
  readonly rememberIds?: number | undefined;
  /**
   * Extra status names the sender uses, and what each means, beside `DEFAULT_STATUS_ALIASES`.
   * @example { done: 'completed' }
   */
  readonly statusAliases?: StatusAliases | undefined;
  /**
   * Told of each refused webhook, for logs: its error says why, never with the secret.
   * @default nothing
   */
  readonly onRejected?: ((error: SoraWebhookError) => void) | undefined;
}

/** The defaults of {@link WebhookReceiverOptions}. */
export const DEFAULT_WEBHOOK_RECEIVER_OPTIONS = {
  maxBodyBytes: 256 * 1024,
  bodyTimeoutMs: 10_000,
  rememberIds: 10_000,
  scheme: 'standard-webhooks',
} as const;
