import type { VideoSeconds } from './task-types.js';

/** Whether a value is one of the seed API's lengths (OpenAI's dialect checks its own). */
function isSeedSeconds(value: unknown): value is 10 | 15 | 25 {
  return value === 10 || value === 15 || value === 25;
}

/** A valid body of `POST /videos`. */
export interface CreateVideoBody {
  readonly model: string;
  readonly prompt: string;
  readonly seconds: VideoSeconds;
  readonly size: string;
  /** Where this task's webhooks go (`webhook_url`), if the create says. */
  readonly webhookUrl?: string;
}

/** Why a body was refused, and which field is at fault. */
export interface CreateVideoProblem {
  readonly message: string;
  readonly param: string | null;
}

/** The model that alone may make 25-second videos. */
const PRO_MODEL = 'sora-2-pro';

/**
 * Checks a parsed JSON body of `POST /videos`, filling in `seconds` (10) and `size`; `image_urls`
 * (or `input_reference`) may list up to 3 image URLs.
 */
export function validateCreateBody(body: unknown): CreateVideoBody | CreateVideoProblem {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { message: 'The request body must be a JSON object.', param: null };
  }
  const { model, prompt, seconds: rawSeconds, size = '1280x720' } = body as Record<string, unknown>;
  if (typeof model !== 'string' || model.trim() === '') {
    return { message: "'model' must be a non-empty string.", param: 'model' };
  }
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    return { message: "'prompt' must be a non-empty string.", param: 'prompt' };
  }
  const seconds =
    rawSeconds === undefined
      ? 10
      : typeof rawSeconds === 'string'
        ? Number(rawSeconds)
        : rawSeconds;
  if (!isSeedSeconds(seconds) || (typeof rawSeconds === 'string' && rawSeconds.trim() === '')) {
    return {
      message: `Invalid value for 'seconds': ${JSON.stringify(rawSeconds)}. Supported values are 10, 15 and 25.`,
      param: 'seconds',
    };
  }
  if (seconds === 25 && model !== PRO_MODEL) {
    return { message: `25-second videos need the model '${PRO_MODEL}'.`, param: 'seconds' };
  }
  if (typeof size !== 'string' || !/^[1-9]\d{0,4}x[1-9]\d{0,4}$/.test(size)) {
    return {
      message: `Invalid value for 'size': ${JSON.stringify(size)}. Expected WIDTHxHEIGHT, such as 1280x720.`,
      param: 'size',
    };
  }
  const images = checkSeedImages(body as Record<string, unknown>);
  if (images !== null) return images;
  const webhookUrl = (body as Record<string, unknown>).webhook_url;
  if (webhookUrl === undefined) return { model, prompt, seconds, size };
  if (!isWebhookUrl(webhookUrl)) return WEBHOOK_URL_PROBLEM;
  return { model, prompt, seconds, size, webhookUrl };
}

/** The most images the seed gateway takes. */
const MAX_SEED_IMAGES = 3;

/**
 * Refuses `image_urls` (or its alias `input_reference`) unless it is a list of up to 3 image URLs,
 * as the seed gateway's page says.
 */
function checkSeedImages(body: Record<string, unknown>): CreateVideoProblem | null {
  for (const param of ['image_urls', 'input_reference']) {
    const urls = body[param];
    if (urls === undefined) continue;
    if (!Array.isArray(urls) || urls.length > MAX_SEED_IMAGES || !urls.every(isImageUrl)) {
      return {
        message: `Invalid value for '${param}': expected a list of up to ${MAX_SEED_IMAGES} image URLs.`,
        param,
      };
    }
  }
  return null;
}

/** The refusal of a `webhook_url` that {@link isWebhookUrl} refuses, in the seed and OpenAI dialects. */
export const WEBHOOK_URL_PROBLEM: CreateVideoProblem = {
  message: "'webhook_url' must be an absolute http(s) URL.",
  param: 'webhook_url',
};

/** Whether a create's `webhook_url` is an absolute http(s) URL. */
export function isWebhookUrl(value: unknown): value is string {
  return typeof value === 'string' && /^https?:\/\//.test(value) && URL.canParse(value);
}

/** Whether a value is an image a gateway can take by URL: absolute http(s), or a base64 `data:image/…`. */
export function isImageUrl(value: unknown): value is string {
  return (
    isWebhookUrl(value) ||
    (typeof value === 'string' &&
      /^data:image\/[a-z0-9.+-]+;base64,[a-z0-9+/]+={0,2}$/i.test(value))
  );
}

/** Whether validation refused the body. */
export function isCreateVideoProblem(
  value: CreateVideoBody | CreateVideoProblem,
): value is CreateVideoProblem {
  return 'message' in value;
}
