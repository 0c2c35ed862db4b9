/**
 * The public types of the simulator's webhooks.
 * @module
 */

/** How the simulator delivers webhooks badly, on demand. Every rate is a share from 0 to 1. */
export interface SimulatorWebhookFaults {
  /**
   * The share of messages never delivered.
   * @default 0
   */
  readonly lossRate?: number;
  /**
   * The share of messages delivered twice at once, with the same `webhook-id`.
   * @default 0
   */
  readonly duplicateRate?: number;
  /**
   * The share of messages delivered again after `retryDelayMs`, with the same `webhook-id` and a
   * fresh signature, as a sender does when the receiver's answer was lost.
   * @default 0
   */
  readonly retryRate?: number;
  /**
   * The share of tasks whose stale `video.processing` event (`video.generation.in_progress` in
   * the `'openrouter'` dialect) arrives after their terminal one.
   * @default 0
   */
  readonly outOfOrderRate?: number;
  /**
   * The wait before each delivery, in clock (real) milliseconds.
   * @default 0
   */
  readonly delayMs?: number;
  /**
   * A random extra wait, up to this, in clock milliseconds, drawn for each delivery.
   * @default 0
   */
  readonly delayJitterMs?: number;
}

/** Options of the simulator's webhooks (`startSoraSimulator({ webhooks })`). */
export interface SimulatorWebhookOptions {
  /**
   * Where every task's webhooks go; a create's `webhook_url` (`callback_url` in the
   * `'openrouter'` dialect) wins. Without either, a task sends none.
   */
  readonly url?: string;
  /**
   * The signing secret (`whsec_` and base64), as the receiver is given it. In the `'openrouter'`
   * dialect, any non-empty string: the workspace secret, the HMAC key as it is.
   * @default a random one, read it back from `sim.webhooks.secret`
   */
  readonly secret?: string;
  /**
   * The body: `'event'` for `{ type: 'video.completed', data: task }` (or `video.failed`,
   * `video.processing`), `'task'` for the task as `GET /videos/{id}` shows it. The
   * `'openrouter'` dialect always sends OpenRouter's `{ type: 'video.generation.<status>',
   * created_at, data: job }`, signed in `X-OpenRouter-Signature`.
   * @default 'event'
   */
  readonly shape?: 'event' | 'task';
  /**
   * How many times a delivery that fails (no 2xx answer) is tried in all, `retryDelayMs`
   * apart, doubling.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * The wait before the first retry, in clock milliseconds.
   * @default 1000
   */
  readonly retryDelayMs?: number;
  /**
   * Delivery faults from the start.
   * @default {} (none)
   */
  readonly faults?: SimulatorWebhookFaults;
}

/** What the simulator's webhooks did, and their controls (`sim.webhooks`). */
export interface SimulatorWebhooks {
  /** The signing secret. */
  readonly secret: string;
  /** Messages sent at least once (duplicates and retries not counted again). */
  readonly sent: number;
  /** Messages the `lossRate` fault dropped. */
  readonly lost: number;
  /** Deliveries made again by `duplicateRate` and `retryRate`. */
  readonly repeated: number;
  /** Attempts that got no 2xx answer. */
  readonly failedAttempts: number;
  /** Messages given up after `maxAttempts`. */
  readonly abandoned: number;
  /** Merges these faults into the current ones. */
  setFaults(faults: SimulatorWebhookFaults): void;
  /** The tasks' ids whose terminal message the `lossRate` fault dropped. */
  lostTaskIds(): readonly string[];
}
