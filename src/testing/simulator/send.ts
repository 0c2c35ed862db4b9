import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Extra fields of an OpenAI-style JSON error. */
export interface ErrorDetails {
  /** The request field at fault, if any. */
  readonly param?: string | null;
  /** A stable machine-readable reason, if any. */
  readonly code?: string | null;
}

/** Sends a text body with its length. */
export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: OutgoingHttpHeaders = {},
): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': body.length,
  });
  res.end(body);
}

/** Sends a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  sendText(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}

/** Sends an OpenAI-style error: `{ "error": { "message", "type", "param", "code" } }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  details: ErrorDetails = {},
  headers: OutgoingHttpHeaders = {},
): void {
  const error = { message, type, param: details.param ?? null, code: details.code ?? null };
  sendJson(res, status, { error }, headers);
}

/** An HTML page such as a proxy or a CDN shows in front of an API. */
function htmlPage(title: string, text: string): string {
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><p>${text}</p><hr><center>nginx</center></body></html>\n`;
}

/** Sends an HTML page. */
export function sendHtml(res: ServerResponse, status: number, title: string, text: string): void {
  sendText(res, status, 'text/html; charset=utf-8', htmlPage(title, text));
}

/** Sends an S3-style XML error, as a storage bucket behind a signed URL does. */
export function sendStorageError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`;
  sendText(res, status, 'application/xml', xml);
}

/**
 * Sends an error in OpenRouter's shape: `{ "error": { "code": <the HTTP status>, "message" } }`,
 * with `metadata` when there is more to say.
 */
export function sendOpenRouterError(
  res: ServerResponse,
  status: number,
  message: string,
  metadata?: Record<string, unknown>,
  headers: OutgoingHttpHeaders = {},
): void {
  const error =
    metadata === undefined ? { code: status, message } : { code: status, message, metadata };
  sendJson(res, status, { error }, headers);
}
