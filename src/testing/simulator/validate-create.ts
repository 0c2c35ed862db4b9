import type { VideoSeconds } from './task-types.js';
import { isVideoSeconds } from './tasks.js';

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

/** Checks a parsed JSON body of `POST /videos`, filling in `seconds` (10) and `size`. */
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
  if (!isVideoSeconds(seconds) || (typeof rawSeconds === 'string' && rawSeconds.trim() === '')) {
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
  const webhookUrl = (body as Record<string, unknown>).webhook_url;
  if (webhookUrl === undefined) return { model, prompt, seconds, size };
  if (
    typeof webhookUrl !== 'string' ||
    !/^https?:\/\//.test(webhookUrl) ||
    !URL.canParse(webhookUrl)
  ) {
    return { message: "'webhook_url' must be an absolute http(s) URL.", param: 'webhook_url' };
  }
  return { model, prompt, seconds, size, webhookUrl };
}

/** Whether validation refused the body. */
export function isCreateVideoProblem(
  value: CreateVideoBody | CreateVideoProblem,
): value is CreateVideoProblem {
  return 'message' in value;
}
