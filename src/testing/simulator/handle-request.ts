import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { SimulatorContext } from './context.js';
import { handleContent, handleCreate, handleFile, handleGetTask } from './handlers.js';
import { handleOpenAiRoute } from './openai-handlers.js';
import { matchOpenAiRoute, type OpenAiRoute } from './openai-route.js';
import { handleOpenRouterRoute } from './openrouter-handlers.js';
import { matchOpenRouterRoute, type OpenRouterRoute } from './openrouter-route.js';
import { isApiRoute, matchRoute, type Route } from './route.js';
import { sendError, sendHtml, sendOpenRouterError } from './send.js';

/**
 * Counts what a route is for, before any fault can hide it; OpenRouter's models list is neither,
 * and a remix of OpenAI's is a create.
 */
function countRoute(
  context: SimulatorContext,
  route: Route,
  openAi: OpenAiRoute | null,
  openRouter: OpenRouterRoute | null,
): void {
  if (openRouter?.kind === 'models') return;
  if (openAi?.kind === 'cancel') context.metrics.countCancel(openAi.id);
  if (openAi?.kind === 'delete') context.metrics.countDelete(openAi.id);
  if (route.kind === 'create' || openAi?.kind === 'remix') context.metrics.countCreate();
  if (route.kind === 'task') context.metrics.countPoll(route.id);
}

/** Whether the request carries `Authorization: Bearer <apiKey>`. */
function isAuthorized(context: SimulatorContext, req: IncomingMessage): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1]?.trim() === context.apiKey;
}

/**
 * Sends a refusal that any route can get (a 401, a 429, a 5xx) in the dialect's error shape:
 * OpenRouter's `{ error: { code: <status>, message } }`, or OpenAI's with `type` and `code`.
 */
function sendRefusal(
  context: SimulatorContext,
  res: ServerResponse,
  refusal: { status: number; message: string; type: string; code?: string },
  headers: OutgoingHttpHeaders = {},
): void {
  const { status, message, type, code } = refusal;
  if (context.dialect === 'openrouter')
    sendOpenRouterError(res, status, message, undefined, headers);
  else sendError(res, status, message, type, code === undefined ? {} : { code }, headers);
}

/** Answers with a 5xx, in JSON or as a proxy's HTML page. */
function sendServerError(context: SimulatorContext, res: ServerResponse): void {
  const status = context.faults.serverErrorStatus();
  if (context.faults.current.serverErrorBody === 'html') {
    sendHtml(res, status, `${status} Server Error`, 'The upstream server did not answer.');
  } else {
    sendRefusal(context, res, {
      status,
      message: 'The server had an error while processing your request.',
      type: 'server_error',
    });
  }
}

/**
 * Applies the faults that can hit any request: a slow answer, a dropped connection, a 5xx.
 * Returns `true` when the request was answered (or dropped) here.
 */
async function injectRequestFaults(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const { faults, metrics } = context;
  if (faults.roll(faults.current.slowRate)) {
    metrics.countFault('slow');
    const elapsed = await context.timers.sleep(faults.current.slowDelayMs, res);
    if (!elapsed || res.destroyed) return true;
  }
  if (faults.roll(faults.current.dropRate)) {
    metrics.countFault('dropped');
    req.socket.destroy();
    return true;
  }
  if (faults.roll(faults.current.serverErrorRate)) {
    metrics.countFault('serverError');
    sendServerError(context, res);
    return true;
  }
  return false;
}

/**
 * Refuses an API request that lacks the key (401) or exceeds the rate limit (429).
 * Returns `true` when it was refused.
 */
function refuseApiRequest(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (!isAuthorized(context, req)) {
    const message = req.headers.authorization
      ? 'Incorrect API key provided.'
      : "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.";
    sendRefusal(
      context,
      res,
      { status: 401, message, type: 'invalid_request_error', code: 'invalid_api_key' },
      { 'www-authenticate': 'Bearer' },
    );
    return true;
  }
  const waitMs = context.faults.admit(context.clock.sourceNow());
  if (waitMs === null) return false;
  const limit = context.faults.current.rateLimit;
  const seconds = limit?.retryAfterSeconds ?? Math.max(Math.ceil(waitMs / 1000), 1);
  const retryAfter =
    limit?.retryAfter === 'http-date'
      ? new Date(Date.now() + seconds * 1000).toUTCString()
      : String(seconds);
  context.metrics.countFault('rateLimited');
  sendRefusal(
    context,
    res,
    {
      status: 429,
      message: 'Rate limit reached for requests. Please try again later.',
      type: 'requests',
      code: 'rate_limit_exceeded',
    },
    {
      'retry-after': retryAfter,
      ...(limit?.retryAfterMs === true
        ? {
            'retry-after-ms': String(
              limit.retryAfterSeconds === undefined ? waitMs : seconds * 1000,
            ),
          }
        : {}),
    },
  );
  return true;
}

/** Dispatches a request that passed every check. */
async function dispatch(
  context: SimulatorContext,
  route: Route,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  switch (route.kind) {
    case 'create':
      return handleCreate(context, req, res);
    case 'task':
      return handleGetTask(context, res, route.id);
    case 'content':
      return handleContent(context, req, res, route.id);
    case 'file':
      return handleFile(context, req, res, route.id);
    case 'methodNotAllowed':
      sendError(
        res,
        405,
        `Method ${req.method ?? ''} not allowed here.`,
        'invalid_request_error',
        {},
        {
          allow: route.allow,
        },
      );
      return;
    case 'notFound':
      sendError(
        res,
        404,
        `Unknown route: ${req.method ?? ''} ${req.url ?? ''}`,
        'invalid_request_error',
        {
          code: 'unknown_url',
        },
      );
      return;
  }
}

/** Handles one request: metrics, request faults, auth and rate limit for `/v1`, then the route. */
export async function handleRequest(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const finished = context.metrics.requestStarted();
  res.once('close', finished);
  // A client that goes away must not crash the simulator.
  res.on('error', () => {});
  req.on('error', () => {});
  try {
    const route = matchRoute(req.method ?? 'GET', req.url ?? '/');
    const openAi =
      context.dialect === 'openai'
        ? matchOpenAiRoute(req.method ?? 'GET', req.url ?? '/', context.cancel)
        : null;
    const openRouter =
      context.dialect === 'openrouter'
        ? matchOpenRouterRoute(req.method ?? 'GET', req.url ?? '/')
        : null;
    countRoute(context, route, openAi, openRouter);
    if (await injectRequestFaults(context, req, res)) return;
    const api = openAi !== null || openRouter !== null || isApiRoute(route);
    if (api && refuseApiRequest(context, req, res)) return;
    if (openAi !== null) await handleOpenAiRoute(context, openAi, req, res);
    else if (openRouter !== null) await handleOpenRouterRoute(context, openRouter, req, res);
    else await dispatch(context, route, req, res);
  } catch (error) {
    if (res.headersSent || res.destroyed) {
      res.destroy();
    } else {
      sendError(res, 500, `Simulator error: ${String(error)}`, 'server_error');
    }
  }
}
