import type { IncomingMessage } from 'node:http';
import { SoraWebhookError } from './webhook-error.js';

/** A request as Node, Express and NestJS hand it over: maybe with its body read already. */
export type WebhookRequest = IncomingMessage & {
  readonly body?: unknown;
  readonly rawBody?: unknown;
};

/**
 * The body's bytes, as the sender signed them: the raw body a framework kept (`req.rawBody` of
 * NestJS with `rawBody: true`, `req.body` of `express.raw()`), else read from the stream, at most
 * `maxBytes`. A body a framework parsed already cannot be checked: that fails with `no-raw-body`.
 */
export function readRawBody(req: WebhookRequest, maxBytes: number): Promise<Uint8Array> {
  const kept = [req.rawBody, req.body].find(
    (body) => body instanceof Uint8Array || typeof body === 'string',
  );
  if (kept !== undefined) {
    const bytes = typeof kept === 'string' ? new TextEncoder().encode(kept) : (kept as Uint8Array);
    return bytes.length > maxBytes ? Promise.reject(tooLarge(maxBytes)) : Promise.resolve(bytes);
  }
  if (req.body !== undefined || req.readableEnded) {
    return Promise.reject(
      new SoraWebhookError(
        'no-raw-body',
        400,
        'The webhook body was parsed before the receiver saw it: give it the raw body',
      ),
    );
  }
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length > maxBytes) {
        req.off('data', onData);
        // Read the rest without keeping it, so that the answer can go out on the same connection.
        req.resume();
        reject(tooLarge(maxBytes));
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function tooLarge(maxBytes: number): SoraWebhookError {
  return new SoraWebhookError('too-large', 413, `The webhook body exceeds ${maxBytes} bytes`);
}
