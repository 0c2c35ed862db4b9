import { assertKnownOptions } from '../util/assert-options.js';

/** What to generate: the params of a create, which the client's dialect turns into its body. */
export interface CreateVideoParams {
  /** What the video shows. */
  readonly prompt: string;
  /**
   * The model to generate with.
   * @default the dialect's: 'sora-2', or 'openai/sora-2' on OpenRouter
   */
  readonly model?: string;
  /**
   * The video's length in seconds, such as 10, 15 or 25 (25 with `sora-2-pro` only); sent as
   * `seconds`, or as `duration` where the dialect says so (OpenRouter).
   */
  readonly seconds?: number | string;
  /** The video's size, width by height, such as `1280x720`. */
  readonly size?: string;
  /**
   * Where the gateway should send this task's webhooks, sent as `webhook_url` (`callback_url` on
   * OpenRouter); only for gateways that take one. Overrides the client's `webhookUrl`.
   */
  readonly webhookUrl?: string | undefined;
  /**
   * The create's `Idempotency-Key`, for a create you may send again: a gateway that honours it
   * answers a second create with the same key with the task the first one made. Give one derived
   * from what you create (a batch's line, an order id) to make a rerun safe. With a `journal`,
   * it is recorded with the intent; without this, a journal makes a fresh key for each create,
   * and a client without a journal sends none. Printable ASCII without spaces, at most 255
   * characters.
   * @example 'order-1234-video-1'
   */
  readonly idempotencyKey?: string | undefined;
}

/** Throws a `TypeError` naming the option unless `url` is an absolute http(s) URL. */
export function assertWebhookUrl(url: unknown, name: string): asserts url is string {
  const parsed = typeof url === 'string' && URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw new TypeError(`Expected \`${name}\` to be an absolute http(s) URL`);
  }
}

/** Create params, checked: what every dialect builds its body from. */
export interface CheckedCreateParams {
  readonly prompt: string;
  /** The model the user asked for; `undefined` for the dialect's default. */
  readonly model: string | undefined;
  /** The length as the user gave it: a whole number, or its digits. */
  readonly seconds: number | string | undefined;
  readonly size: string | undefined;
  readonly webhookUrl: string | undefined;
}

/** Checks the params of a create, throwing a `TypeError` that names the bad field. */
export function checkCreateParams(params: CreateVideoParams): CheckedCreateParams {
  assertKnownOptions(
    params,
    ['prompt', 'model', 'seconds', 'size', 'webhookUrl', 'idempotencyKey'],
    'params',
  );
  const { prompt, model, seconds, size, webhookUrl, idempotencyKey } = params;
  if (
    idempotencyKey !== undefined &&
    (typeof idempotencyKey !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey))
  ) {
    throw new TypeError(
      'Expected `idempotencyKey` to be 1 to 255 printable ASCII characters without spaces',
    );
  }
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    throw new TypeError('Expected `prompt` to be a non-empty string');
  }
  if (model !== undefined && (typeof model !== 'string' || model.trim() === '')) {
    throw new TypeError(
      `Expected \`model\` to be a model name such as "sora-2", got ${JSON.stringify(model)}`,
    );
  }
  if (seconds !== undefined && !/^[1-9]\d*$/.test(String(seconds))) {
    throw new TypeError(
      `Expected \`seconds\` to be a whole number of seconds such as 10, got ${JSON.stringify(seconds)}`,
    );
  }
  if (webhookUrl !== undefined) assertWebhookUrl(webhookUrl, 'webhookUrl');
  if (size !== undefined && (typeof size !== 'string' || !/^\d+x\d+$/.test(size))) {
    throw new TypeError(
      `Expected \`size\` to be width x height such as "1280x720", got ${JSON.stringify(size)}`,
    );
  }
  return { prompt, model, seconds, size, webhookUrl };
}
