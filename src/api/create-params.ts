import { isSafePathSegment } from '../http/url.js';
import { assertKnownOptions } from '../util/assert-options.js';
import { type CheckedVideoImage, checkVideoImages, type VideoImage } from './video-images.js';

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
  /**
   * Images the video starts from (image-to-video): each an absolute http(s) URL or a
   * `data:image/…;base64,` URL, as a plain string (a reference image) or as a {@link VideoImage}
   * that says its role: `'reference'`, `'first_frame'` or `'last_frame'`. At most 10, with one
   * first frame and one last frame at most; each dialect takes what its gateway takes (OpenAI's:
   * one image, as `input_reference`; OpenRouter's: `frame_images` and `input_references`; the
   * seed gateway's: up to 3 reference images, as `image_urls`) and refuses the rest with a
   * `TypeError` before anything is sent.
   *
   * ## Example
   * ```ts
   * sora.generate$({ prompt: 'She turns and smiles', images: ['https://cdn.example/portrait.png'] });
   * sora.generate$({
   *   prompt: 'The fox runs off',
   *   images: [{ url: 'data:image/png;base64,iVBORw0KGgo…', role: 'first_frame' }],
   * });
   * ```
   */
  readonly images?: readonly (string | VideoImage)[] | undefined;
  /**
   * The id of a completed video to remix: the create then asks the gateway for a new video made
   * from that one with this `prompt` (OpenAI's `POST {base}/videos/{id}/remix`), and answers its
   * task as any create does, so `generate$`, the journal and the idempotency key work alike. Only
   * a dialect that knows where remixes go (OpenAI's) takes it; the others refuse it with a
   * `TypeError` before anything is sent. The source's model, length and size carry over: with
   * OpenAI's dialect `model`, `seconds`, `size` and `images` are refused beside it.
   *
   * ## Example
   * ```ts
   * sora.generate$({ prompt: 'The same scene, at night', remixOf: 'video_68d7512d' });
   * ```
   */
  readonly remixOf?: string | undefined;
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
  /** The images, each with its role (`'reference'` for a plain string); empty when none. */
  readonly images: readonly CheckedVideoImage[];
  /** The id of the completed video to remix, if this create is a remix. */
  readonly remixOf: string | undefined;
}

/** Checks the params of a create, throwing a `TypeError` that names the bad field. */
export function checkCreateParams(params: CreateVideoParams): CheckedCreateParams {
  assertKnownOptions(
    params,
    ['prompt', 'model', 'seconds', 'size', 'webhookUrl', 'images', 'remixOf', 'idempotencyKey'],
    'params',
  );
  const { prompt, model, seconds, size, webhookUrl, remixOf, idempotencyKey } = params;
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
  const images = checkVideoImages(params.images);
  if (remixOf !== undefined && (typeof remixOf !== 'string' || !isSafePathSegment(remixOf))) {
    throw new TypeError(
      `Expected \`remixOf\` to be the id of a completed video, such as "video_abc123", got ${JSON.stringify(remixOf) ?? String(remixOf)}`,
    );
  }
  return { prompt, model, seconds, size, webhookUrl, images, remixOf };
}
