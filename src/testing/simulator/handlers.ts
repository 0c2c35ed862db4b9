import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorContext } from './context.js';
import { sendVideo } from './download.js';
import { idempotencyKeyOf, lookUpKeyedTask, rememberKeyedTask } from './idempotency.js';
import { readBody } from './read-body.js';
import { renderTask } from './render-task.js';
import { sendError, sendHtml, sendJson, sendStorageError, sendText } from './send.js';
import type { SimulatedTask, SimulatedTaskInit } from './task-types.js';
import { isCreateVideoProblem, validateCreateBody } from './validate-create.js';

/** The largest request body accepted. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Sends a task as JSON, unless a fault replaces the answer: an unknown status (polls only), a
 * JSON body cut short, or an HTML page.
 */
function sendTask(
  context: SimulatorContext,
  res: ServerResponse,
  task: SimulatedTask,
  poll: boolean,
): void {
  const { faults, metrics } = context;
  const { clock } = context;
  const body = renderTask(context.dialect, task, context.origin(), (ms) => clock.reportedTime(ms));
  // The create's answer is a client's first look at the task: it gets the hint as well.
  const headers =
    context.pollHintMs !== null ? { 'openai-poll-after-ms': String(context.pollHintMs) } : {};
  // OpenRouter accepts a create with a 202; every other answer of a task is a 200.
  const status = !poll && context.dialect === 'openrouter' ? 202 : 200;
  if (poll && faults.roll(faults.current.unknownStatusRate)) {
    metrics.countFault('unknownStatus');
    body.status = faults.current.unknownStatus;
  }
  if (faults.roll(faults.current.malformedJsonRate)) {
    metrics.countFault('malformedJson');
    const text = JSON.stringify(body);
    sendText(
      res,
      status,
      'application/json; charset=utf-8',
      text.slice(0, Math.ceil(text.length / 2)),
      headers,
    );
    return;
  }
  if (faults.roll(faults.current.htmlBodyRate)) {
    metrics.countFault('htmlBody');
    sendHtml(res, 200, 'Just a moment...', 'Checking your browser before accessing the API.');
    return;
  }
  sendJson(res, status, body, headers);
}

/** `POST /v1/videos`: validates the body and queues a task; `failRate` decides its fate. */
export async function handleCreate(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const bytes = await readBody(req, MAX_BODY_BYTES);
  const text = bytes?.toString('utf8') ?? null;
  if (text === null) {
    sendError(res, 413, 'The request body is too large.', 'invalid_request_error');
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    sendError(
      res,
      400,
      'We could not parse the JSON body of your request.',
      'invalid_request_error',
    );
    return;
  }
  const body = validateCreateBody(parsed);
  if (isCreateVideoProblem(body)) {
    sendError(res, 400, body.message, 'invalid_request_error', {
      param: body.param,
      code: 'invalid_value',
    });
    return;
  }
  queueTask(context, req, res, body);
}

/**
 * Queues a task, drawing its fate from `failRate`, answers with it as a create does, and sends its
 * webhook to `webhookUrl` (or the simulator's own) when it ends. A repeated `Idempotency-Key`
 * answers with the task first made for it; with other parameters, a 422.
 */
export function queueTask(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: SimulatedTaskInit & { readonly webhookUrl?: string | undefined },
): void {
  const { faults, metrics } = context;
  const { webhookUrl, ...init } = body;
  const key = idempotencyKeyOf(req);
  if (key !== undefined) {
    metrics.countKeyedCreate(key);
    const keyed = lookUpKeyedTask(context, key, body);
    const first = keyed.kind === 'replay' ? context.tasks.get(keyed.id) : undefined;
    if (first !== undefined) {
      sendTask(context, res, first, false);
      return;
    }
    if (keyed.kind === 'conflict') {
      sendError(
        res,
        422,
        'This Idempotency-Key was used with other parameters.',
        'invalid_request_error',
        {
          code: 'idempotency_key_reused',
        },
      );
      return;
    }
  }
  const fails = faults.roll(faults.current.failRate);
  if (fails) metrics.countFault('failedTask');
  const task = context.tasks.create(
    { ...init, error: fails ? faults.current.failError : null },
    0.2 + 0.6 * faults.draw(),
  );
  if (key !== undefined) rememberKeyedTask(context, key, body, task.id);
  sendTask(context, res, task, false);
  context.webhooks.watch(task.id, webhookUrl);
}

/** `GET /v1/videos/{id}`: the task, in the dialect's shape. */
export function handleGetTask(context: SimulatorContext, res: ServerResponse, id: string): void {
  const task = context.tasks.get(id);
  if (task === undefined) {
    sendError(res, 404, `Video with id '${id}' not found.`, 'invalid_request_error', {
      param: 'video_id',
      code: 'not_found',
    });
    return;
  }
  sendTask(context, res, task, true);
}

/** Whether a completed task's video has passed its time to live. */
export function isExpired(context: SimulatorContext, task: SimulatedTask): boolean {
  return task.expiresAt !== null && context.clock.now() >= task.expiresAt;
}

/** `GET /v1/videos/{id}/content[?variant=video]`: the MP4 of a completed task. */
export async function handleContent(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const variant = new URL(req.url ?? '/', 'http://simulator').searchParams.get('variant');
  const task = context.tasks.get(id);
  if (task === undefined) {
    sendError(res, 404, `Video with id '${id}' not found.`, 'invalid_request_error', {
      code: 'not_found',
    });
  } else if (variant !== null && variant !== 'video') {
    sendError(res, 404, `The variant '${variant}' is not available.`, 'invalid_request_error', {
      param: 'variant',
      code: 'not_found',
    });
  } else if (task.status !== 'completed') {
    sendError(
      res,
      404,
      `Video '${id}' is not ready: it is ${task.status}.`,
      'invalid_request_error',
      {
        code: 'video_not_ready',
      },
    );
  } else if (isExpired(context, task)) {
    context.metrics.countFault('expiredUrl');
    sendError(res, 404, `The content of video '${id}' has expired.`, 'invalid_request_error', {
      code: 'video_expired',
    });
  } else {
    await sendVideo(context, req, res, id);
  }
}

/** `GET /files/{id}.mp4`: the signed `video_url`, served without auth until it expires. */
export async function handleFile(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const task = context.tasks.get(id);
  if (task === undefined || task.status !== 'completed') {
    sendStorageError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
  } else if (isExpired(context, task)) {
    context.metrics.countFault('expiredUrl');
    sendStorageError(res, 403, 'AccessDenied', 'Request has expired');
  } else {
    await sendVideo(context, req, res, id);
  }
}
