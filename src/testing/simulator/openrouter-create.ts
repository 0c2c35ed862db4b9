import { frameImagesProblem, inputReferencesProblem } from './openrouter-images.js';
import type { OpenRouterVideoModel } from './openrouter-models.js';
import { findOpenRouterModel } from './openrouter-models.js';
import type { VideoSeconds } from './task-types.js';
import { isWebhookUrl } from './validate-create.js';

/** A valid create of OpenRouter's dialect, in the simulator's terms. */
export interface OpenRouterCreateBody {
  readonly model: string;
  readonly prompt?: string;
  readonly seconds: VideoSeconds;
  readonly size: string;
  /** Where this job's webhook goes (`callback_url`), if the create says. */
  readonly webhookUrl?: string;
}

/** Why OpenRouter's dialect refused a request: its HTTP status and message. */
export interface OpenRouterProblem {
  readonly status: number;
  readonly message: string;
}

/** Whether a check refused the request. */
export function isOpenRouterProblem(value: unknown): value is OpenRouterProblem {
  return typeof value === 'object' && value !== null && 'status' in value && 'message' in value;
}

/** The length of a job when the create names none: the shortest the model makes. */
function defaultDuration(model: OpenRouterVideoModel): VideoSeconds {
  return model.durations[0] ?? 4;
}

/** A 400 with this message. */
function invalid(message: string): OpenRouterProblem {
  return { status: 400, message };
}

/** `value` if it is one of `allowed` (or absent), else a problem naming the field. */
function checkChoice(
  name: string,
  value: unknown,
  allowed: readonly string[],
  model: string,
): OpenRouterProblem | null {
  if (value === undefined || (typeof value === 'string' && allowed.includes(value))) return null;
  return invalid(
    `Invalid '${name}' ${JSON.stringify(value)} for model ${model}. Supported: ${allowed.join(', ')}.`,
  );
}

/** The size a job gets from its `size`, or else its `aspect_ratio` and `resolution`. */
function sizeOf(fields: Record<string, unknown>): string {
  if (typeof fields.size === 'string') return fields.size;
  const tall = fields.aspect_ratio === '9:16';
  if (fields.resolution === '1080p') return tall ? '1024x1792' : '1792x1024';
  return tall ? '720x1280' : '1280x720';
}

/** Whether a list field (`frame_images`, `input_references`) has at least one entry. */
function hasEntries(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/**
 * Checks the fields of `POST /videos` as OpenRouter does: `model` is required and must be a
 * video model; `duration`, when given, is a positive integer the model makes; `size`,
 * `resolution` and `aspect_ratio` are among the model's; a `prompt` or a frame or reference image
 * says what to make; `frame_images` and `input_references` are image parts with URLs, each frame
 * one the model takes; `callback_url` is an absolute http(s) URL.
 */
export function checkOpenRouterCreate(
  fields: Record<string, unknown>,
): OpenRouterCreateBody | OpenRouterProblem {
  const { model: modelId, prompt, duration, callback_url: callbackUrl } = fields;
  if (typeof modelId !== 'string' || modelId.trim() === '') {
    return invalid("'model' is required: a video model's slug, such as openai/sora-2.");
  }
  const model = findOpenRouterModel(modelId);
  if (model === undefined) return invalid(`Model ${modelId} is not a video generation model.`);
  if (prompt !== undefined && typeof prompt !== 'string') {
    return invalid("'prompt' must be a string.");
  }
  const described =
    (typeof prompt === 'string' && prompt.trim() !== '') ||
    hasEntries(fields.frame_images) ||
    hasEntries(fields.input_references);
  if (!described) return invalid("A 'prompt', 'frame_images' or 'input_references' is required.");
  const images =
    frameImagesProblem(fields.frame_images, model) ??
    inputReferencesProblem(fields.input_references);
  if (images !== null) return invalid(images);
  if (
    duration !== undefined &&
    (typeof duration !== 'number' || !Number.isInteger(duration) || duration <= 0)
  ) {
    return invalid(`'duration' must be a positive integer, got ${JSON.stringify(duration)}.`);
  }
  const seconds = model.durations.find((length) => length === (duration ?? defaultDuration(model)));
  if (seconds === undefined) {
    return invalid(
      `Invalid 'duration' ${String(duration)} for model ${model.id}. Supported: ${model.durations.join(', ')}.`,
    );
  }
  const choice =
    checkChoice('size', fields.size, model.sizes, model.id) ??
    checkChoice('resolution', fields.resolution, model.resolutions, model.id) ??
    checkChoice('aspect_ratio', fields.aspect_ratio, model.aspectRatios, model.id);
  if (choice !== null) return choice;
  const size = sizeOf(fields);
  if (!model.sizes.includes(size)) {
    return invalid(`The size ${size} is not made by model ${model.id}.`);
  }
  const body =
    typeof prompt === 'string'
      ? { model: model.id, prompt, seconds, size }
      : { model: model.id, seconds, size };
  if (callbackUrl === undefined) return body;
  if (!isWebhookUrl(callbackUrl)) return invalid("'callback_url' must be an absolute http(s) URL.");
  return { ...body, webhookUrl: callbackUrl };
}
