import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorContext } from './context.js';
import { sendVideo } from './download.js';
import { handleGetTask, isExpired, queueTask } from './handlers.js';
import { isOpenAiProblem, readRequestFields } from './openai-create.js';
import { checkOpenRouterCreate, isOpenRouterProblem } from './openrouter-create.js';
import { renderOpenRouterModels } from './openrouter-models.js';
import type { OpenRouterRoute } from './openrouter-route.js';
import { sendJson, sendOpenRouterError } from './send.js';

/** The 404 of an unknown job. */
function sendNotFound(res: ServerResponse, id: string): void {
  sendOpenRouterError(res, 404, `Video generation job ${id} not found.`);
}

/** `POST /videos`: a JSON create, checked as OpenRouter checks it, answered with a 202. */
async function handleCreate(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const fields = await readRequestFields(req);
  const body = isOpenAiProblem(fields) ? fields : checkOpenRouterCreate(fields);
  if (isOpenRouterProblem(body)) sendOpenRouterError(res, body.status, body.message);
  else queueTask(context, req, res, body);
}

/** `GET /videos/{jobId}`: the job in OpenRouter's shape, open to the simulator's faults. */
function handleJob(context: SimulatorContext, res: ServerResponse, id: string): void {
  if (context.tasks.get(id) === undefined) sendNotFound(res, id);
  else handleGetTask(context, res, id);
}

/**
 * `GET /videos/{jobId}/content?index=0`: the MP4 of a completed job, with the key. A job still
 * running is a 409 and an expired video a 410, as the official SDK expects; it has one video, so
 * any other index is a 400.
 */
async function handleContent(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const index = new URL(req.url ?? '/', 'http://simulator').searchParams.get('index');
  const task = context.tasks.get(id);
  if (task === undefined) return sendNotFound(res, id);
  if (index !== null && index !== '0') {
    return sendOpenRouterError(res, 400, `Invalid index ${index}: job ${id} has 1 video.`);
  }
  if (task.status !== 'completed') {
    return sendOpenRouterError(res, 409, `Video generation job ${id} is ${task.status}.`);
  }
  if (isExpired(context, task)) {
    context.metrics.countFault('expiredUrl');
    return sendOpenRouterError(res, 410, `The video of job ${id} has expired.`);
  }
  await sendVideo(context, req, res, id);
}

/** Answers a route of OpenRouter's dialect that passed every check. */
export async function handleOpenRouterRoute(
  context: SimulatorContext,
  route: OpenRouterRoute,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  switch (route.kind) {
    case 'create':
      return handleCreate(context, req, res);
    case 'models':
      return sendJson(res, 200, renderOpenRouterModels());
    case 'task':
      return handleJob(context, res, route.id);
    case 'content':
      return handleContent(context, req, res, route.id);
  }
}
