import type { IncomingMessage } from 'node:http';
import { readBody } from './read-body.js';
import type { VideoSeconds } from './task-types.js';
import { isImageUrl, isWebhookUrl, WEBHOOK_URL_PROBLEM } from './validate-create.js';

/** The largest request body OpenAI's dialect accepts: a reference image fits. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** OpenAI's sizes, and the ones only a `pro` model makes. */
const SIZES = ['720x1280', '1280x720', '1024x1792', '1792x1024'];
const PRO_SIZES = new Set(['1024x1792', '1792x1024']);

/** OpenAI's lengths, then the seed's, which gateways that copy OpenAI's shape often keep. */
const LENGTHS: readonly VideoSeconds[] = [4, 8, 12, 10, 15, 25];

/** A valid create (or remix) request of OpenAI's dialect. */
export interface OpenAiCreateBody {
  readonly model: string;
  readonly prompt: string;
  readonly seconds: VideoSeconds;
  readonly size: string;
  /** Where this task's webhooks go (`webhook_url`), if the create says. */
  readonly webhookUrl?: string;
}

/** Why a request was refused: its status, message and the field at fault. */
export interface OpenAiRequestProblem {
  readonly status: number;
  readonly message: string;
  readonly param: string | null;
  readonly code: string | null;
}

/** Whether a parse or a check refused the request. */
export function isOpenAiProblem(value: unknown): value is OpenAiRequestProblem {
  return typeof value === 'object' && value !== null && 'status' in value && 'message' in value;
}

/** A 400 about `param`. */
function invalid(message: string, param: string | null): OpenAiRequestProblem {
  return { status: 400, message, param, code: param === null ? null : 'invalid_value' };
}

/**
 * The fields of a request body, as the official client sends them: JSON, or
 * `multipart/form-data` (parsed by the platform's `Request`), whose nested objects arrive as
 * `input_reference[image_url]`. A file becomes `{ name, type, size }`.
 */
export async function readRequestFields(
  req: IncomingMessage,
): Promise<Record<string, unknown> | OpenAiRequestProblem> {
  const bytes = await readBody(req, MAX_BODY_BYTES);
  if (bytes === null) {
    return { status: 413, message: 'The request body is too large.', param: null, code: null };
  }
  const contentType = req.headers['content-type'] ?? '';
  if (/^multipart\/form-data/i.test(contentType)) {
    let form: FormData;
    try {
      form = await new Request('http://simulator/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: new Uint8Array(bytes),
      }).formData();
    } catch {
      return invalid('We could not parse the multipart body of your request.', null);
    }
    const fields: Record<string, unknown> = {};
    form.forEach((value, name) => {
      fields[name] =
        typeof value === 'string'
          ? value
          : { name: value.name, type: value.type, size: value.size };
    });
    return fields;
  }
  if (bytes.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
    return invalid('The request body must be a JSON object.', null);
  } catch {
    return invalid('We could not parse the JSON body of your request.', null);
  }
}

/** A non-empty string field, or a problem naming it. */
function checkText(fields: Record<string, unknown>, name: string): string | OpenAiRequestProblem {
  const value = fields[name];
  if (typeof value !== 'string' || value.trim() === '') {
    return invalid(`'${name}' must be a non-empty string.`, name);
  }
  return value;
}

/**
 * Checks the fields of a create: `prompt`; `model` (`sora-2`); `seconds` (`'4'`), as a string or
 * a number; `size` (`720x1280`), the tall and wide 1024x1792 sizes for a `pro` model only; an
 * optional `input_reference`, a file or `{ image_url }` / `{ file_id }`.
 */
export function checkOpenAiCreate(
  fields: Record<string, unknown>,
): OpenAiCreateBody | OpenAiRequestProblem {
  const prompt = checkText(fields, 'prompt');
  if (isOpenAiProblem(prompt)) return prompt;
  const model = fields.model === undefined ? 'sora-2' : checkText(fields, 'model');
  if (isOpenAiProblem(model)) return model;
  const rawSeconds = fields.seconds ?? '4';
  const seconds = LENGTHS.find((length) => String(length) === String(rawSeconds).trim());
  if (seconds === undefined || (typeof rawSeconds !== 'string' && typeof rawSeconds !== 'number')) {
    return invalid(
      `Invalid value for 'seconds': ${JSON.stringify(rawSeconds)}. Supported values are '4', '8' and '12'.`,
      'seconds',
    );
  }
  if (seconds === 25 && !model.includes('pro')) {
    return invalid("25-second videos need the model 'sora-2-pro'.", 'seconds');
  }
  const size = fields.size ?? '720x1280';
  if (typeof size !== 'string' || !SIZES.includes(size)) {
    return invalid(
      `Invalid value for 'size': ${JSON.stringify(size)}. Supported values are ${SIZES.map((s) => `'${s}'`).join(', ')}.`,
      'size',
    );
  }
  if (PRO_SIZES.has(size) && !model.includes('pro')) {
    return invalid(`The size '${size}' needs the model 'sora-2-pro'.`, 'size');
  }
  const reference = checkInputReference(fields);
  if (reference !== null) return reference;
  const webhookUrl = fields.webhook_url;
  if (webhookUrl === undefined) return { model, prompt, seconds, size };
  if (!isWebhookUrl(webhookUrl)) {
    return invalid(WEBHOOK_URL_PROBLEM.message, WEBHOOK_URL_PROBLEM.param);
  }
  return { model, prompt, seconds, size, webhookUrl };
}

/**
 * Refuses an `input_reference` that is neither a file nor a reference with an image URL (an
 * absolute http(s) URL or a base64 `data:image/…` URL) or a file id.
 */
function checkInputReference(fields: Record<string, unknown>): OpenAiRequestProblem | null {
  const file = fields.input_reference;
  const url = fields['input_reference[image_url]'];
  const fileId = fields['input_reference[file_id]'];
  if (file === undefined && url === undefined && fileId === undefined) return null;
  const isFile =
    typeof file === 'object' &&
    file !== null &&
    typeof (file as { size?: unknown }).size === 'number';
  const reference =
    typeof file === 'object' && file !== null ? (file as Record<string, unknown>) : {};
  const isObject =
    !isFile &&
    Object.keys(reference).length === 1 &&
    (isImageUrl(reference.image_url) || isFileId(reference.file_id));
  if (isFile ? (file as { size: number }).size > 0 : isObject) return null;
  const flat = url === undefined ? isFileId(fileId) : isImageUrl(url) && fileId === undefined;
  if (file === undefined && flat) return null;
  return invalid(
    "'input_reference' must be an image file, or an object with exactly one of 'image_url' (an http(s) or data:image URL) or 'file_id'.",
    'input_reference',
  );
}

function isFileId(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
