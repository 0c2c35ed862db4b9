/**
 * Receives signed webhooks of video tasks (Standard Webhooks, checked by the `standardwebhooks`
 * package, an optional peer dependency; or OpenRouter's `X-OpenRouter-Signature`) and turns them
 * into the `{ id, status }` events the client's `events` option takes. The core never imports this
 * entry.
 *
 * @module sora-rx/webhooks
 */

export {
  createWebhookReceiver,
  type WebhookOutcome,
  type WebhookReceiver,
} from './create-webhook-receiver.js';
export { normalizeWebhookEvent } from './normalize-event.js';
export type { WebhookRequest } from './read-raw-body.js';
export {
  DEFAULT_WEBHOOK_RECEIVER_OPTIONS,
  type WebhookReceiverOptions,
  type WebhookScheme,
} from './receiver-options.js';
export { createOpenRouterVerifier } from './verify-openrouter.js';
export {
  createWebhookVerifier,
  type VerifiedWebhook,
  type WebhookHeaders,
  type WebhookVerifier,
} from './verify-webhook.js';
export { SoraWebhookError, type WebhookRejection } from './webhook-error.js';
