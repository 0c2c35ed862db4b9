import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorContext } from './context.js';
import { handleContent, queueTask } from './handlers.js';
import {
  checkOpenAiCreate,
  isOpenAiProblem,
  type OpenAiRequestProblem,
  readRequestFields,
} from './openai-create.js';
import type { OpenAiRoute } from './openai-route.js';
import { PREVIEW_IMAGES } from './preview-images.js';
import { renderTask } from './render-task.js';
import { sendError, sendJson } from './send.js';
import type { SimulatedTask } from './task-types.js';
import { isWebhookUrl, WEBHOOK_URL_PROBLEM } from './validate-create.js';

/** The page size of `GET /videos` when none is asked for, and the largest one. */
const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 100;

/** Sends a refusal in OpenAI's error shape. */
function sendProblem(res: ServerResponse, problem: OpenAiRequestProblem): void {
  sendError(res, problem.status, problem.message, 'invalid_request_error', problem);
}

/** The 404 of an unknown video. */
function sendNotFound(res: ServerResponse, id: string): void {
  sendError(res, 404, `Video with id '${id}' not found.`, 'invalid_request_error', {
    param: 'video_id',
    code: 'not_found',
  });
}

/** `POST /videos`: a create from JSON or from the official client's multipart form. */
async function handleCreate(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const fields = await readRequestFields(req);
  const body = isOpenAiProblem(fields) ? fields : checkOpenAiCreate(fields);
  if (isOpenAiProblem(body)) sendProblem(res, body);
  else queueTask(context, req, res, body);
}

/**
 * `POST /videos/{id}/remix`: a new task from a completed one, with a new prompt (and the
 * `webhook_url` a create takes), its model, length and size the source's.
 */
async function handleRemix(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const fields = await readRequestFields(req);
  const source = context.tasks.get(id);
  if (isOpenAiProblem(fields)) return sendProblem(res, fields);
  if (source === undefined) return sendNotFound(res, id);
  if (source.status !== 'completed') {
    return sendError(
      res,
      400,
      `Video '${id}' cannot be remixed: it is ${source.status}. Only completed videos can be remixed.`,
      'invalid_request_error',
      { param: 'video_id', code: 'invalid_state' },
    );
  }
  const { prompt } = fields;
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    return sendProblem(res, {
      status: 400,
      message: "'prompt' must be a non-empty string.",
      param: 'prompt',
      code: 'invalid_value',
    });
  }
  const webhookUrl = fields.webhook_url;
  if (webhookUrl !== undefined && !isWebhookUrl(webhookUrl)) {
    return sendProblem(res, { status: 400, ...WEBHOOK_URL_PROBLEM, code: 'invalid_value' });
  }
  const { model, seconds, size } = source;
  queueTask(context, req, res, {
    model,
    prompt,
    seconds,
    size,
    remixedFromVideoId: id,
    ...(webhookUrl === undefined ? {} : { webhookUrl }),
  });
}

/** `DELETE /videos/{id}`: removes a completed or failed video. */
function handleDelete(context: SimulatorContext, res: ServerResponse, id: string): void {
  const task = context.tasks.get(id);
  if (task === undefined) {
    sendNotFound(res, id);
  } else if (task.status !== 'completed' && task.status !== 'failed') {
    sendError(
      res,
      400,
      `Video '${id}' cannot be deleted while it is ${task.status}.`,
      'invalid_request_error',
      { param: 'video_id', code: 'invalid_state' },
    );
  } else {
    context.tasks.delete(id);
    sendJson(res, 200, { id, object: 'video.deleted', deleted: true });
  }
}

/** The error of a cancelled task, which reads `cancelled`. */
const CANCELLED = { code: 'cancelled', message: 'Video generation was cancelled.' };

/**
 * `POST /videos/{id}/cancel`, a gateway's extension: a queued or in-progress task becomes
 * `cancelled` and is answered; one already cancelled is answered again; a finished one gets a 409.
 */
function handleCancel(context: SimulatorContext, res: ServerResponse, id: string): void {
  const task = context.tasks.get(id);
  if (task === undefined) {
    sendNotFound(res, id);
    return;
  }
  const cancelled = task.statusOverride === 'cancelled';
  if (!cancelled && (task.status === 'completed' || task.status === 'failed')) {
    sendError(
      res,
      409,
      `Video '${id}' cannot be cancelled: it is ${task.status}.`,
      'invalid_request_error',
      { param: 'video_id', code: 'video_not_cancellable' },
    );
    return;
  }
  if (!cancelled) {
    context.tasks.update(id, { status: 'failed', statusOverride: 'cancelled', error: CANCELLED });
    context.webhooks.taskChanged(id);
  }
  const { clock } = context;
  const now = context.tasks.get(id) ?? task;
  sendJson(
    res,
    200,
    renderTask(context.dialect, now, context.origin(), (ms) => clock.reportedTime(ms)),
  );
}

/** The page of `GET /videos?after=&limit=&order=`, or why its query was refused. */
function listPage(
  context: SimulatorContext,
  query: URLSearchParams,
): { data: SimulatedTask[]; hasMore: boolean } | OpenAiRequestProblem {
  const bad = (param: string, message: string): OpenAiRequestProblem => ({
    status: 400,
    message,
    param,
    code: 'invalid_value',
  });
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? DEFAULT_LIST_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    return bad('limit', `Invalid 'limit': ${rawLimit}. Expected an integer from 1 to 100.`);
  }
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    return bad('order', `Invalid 'order': '${order}'. Expected 'asc' or 'desc'.`);
  }
  // Tasks are kept in the order they were created: the oldest first.
  const ids = context.tasks.ids();
  if (order === 'desc') ids.reverse();
  const after = query.get('after');
  const start = after === null ? 0 : ids.indexOf(after) + 1;
  if (start === 0 && after !== null) {
    return bad('after', `Invalid 'after': no video with id '${after}'.`);
  }
  const data = ids
    .slice(start, start + limit)
    .map((id) => context.tasks.get(id))
    .filter((task) => task !== undefined);
  return { data, hasMore: start + limit < ids.length };
}

/** `GET /videos`: a page of videos, newest first unless `order=asc`, after the `after` id. */
function handleList(context: SimulatorContext, req: IncomingMessage, res: ServerResponse): void {
  const page = listPage(context, new URL(req.url ?? '/', 'http://simulator').searchParams);
  if (isOpenAiProblem(page)) {
    sendProblem(res, page);
    return;
  }
  const { clock } = context;
  const data = page.data.map((task) =>
    renderTask(context.dialect, task, context.origin(), (ms) => clock.reportedTime(ms)),
  );
  const headers =
    context.pollHintMs !== null ? { 'openai-poll-after-ms': String(context.pollHintMs) } : {};
  sendJson(
    res,
    200,
    {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: page.hasMore,
    },
    headers,
  );
}

/**
 * `GET /videos/{id}/content?variant=`: the MP4 (`video`, the default), a WebP `thumbnail` or a
 * JPEG `spritesheet` of a completed task.
 */
async function handleVariant(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const variant = new URL(req.url ?? '/', 'http://simulator').searchParams.get('variant');
  if (variant === null || variant === 'video') return handleContent(context, req, res, id);
  if (variant !== 'thumbnail' && variant !== 'spritesheet') {
    return sendProblem(res, {
      status: 400,
      message: `Invalid value for 'variant': '${variant}'. Supported values are 'video', 'thumbnail' and 'spritesheet'.`,
      param: 'variant',
      code: 'invalid_value',
    });
  }
  const task = context.tasks.get(id);
  if (task === undefined) return sendNotFound(res, id);
  if (task.status !== 'completed') {
    return sendError(
      res,
      404,
      `Video '${id}' is not ready: it is ${task.status}.`,
      'invalid_request_error',
      { code: 'video_not_ready' },
    );
  }
  const image = PREVIEW_IMAGES[variant];
  res.writeHead(200, {
    'content-type': image.contentType,
    'content-length': image.bytes.length,
    'cache-control': 'private, max-age=86400',
  });
  res.end(req.method === 'HEAD' ? undefined : image.bytes);
}

/** Answers a route of OpenAI's dialect that passed every check. */
export async function handleOpenAiRoute(
  context: SimulatorContext,
  route: OpenAiRoute,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  switch (route.kind) {
    case 'create':
      return handleCreate(context, req, res);
    case 'list':
      return handleList(context, req, res);
    case 'delete':
      return handleDelete(context, res, route.id);
    case 'cancel':
      return handleCancel(context, res, route.id);
    case 'remix':
      return handleRemix(context, req, res, route.id);
    case 'content':
      return handleVariant(context, req, res, route.id);
  }
}
