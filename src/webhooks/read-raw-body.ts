import type { IncomingMessage } from 'node:http';
import { SoraWebhookError } from './webhook-error.js';

/** A request as Node, Express and NestJS hand it over: maybe with its body read already. */
export type WebhookRequest = IncomingMessage & {
  readonly body?: unknown;
  readonly rawBody?: unknown;
};

/** The limits of {@link readRawBody}. */
export interface RawBodyLimits {
  /** The largest body read, in bytes. */
  readonly maxBytes: number;
  /** The longest the whole body may take to come, in ms. */
  readonly timeoutMs: number;
}

/**
 * The body's bytes, as the sender signed them: the raw body a framework kept (`req.rawBody` of
 * NestJS with `rawBody: true`, `req.body` of `express.raw()`), else read from the stream, at most
 * `maxBytes` within `timeoutMs`. A body a framework parsed already cannot be checked: that fails
 * with `no-raw-body`. When the body is too large or too slow, reading stops at once and the
 * request is left paused, unread: the caller answers and closes the connection, so that a sender
 * cannot make the receiver read (or wait for) more than the limits.
 */
export function readRawBody(req: WebhookRequest, limits: RawBodyLimits): Promise<Uint8Array> {
  const { maxBytes, timeoutMs } = limits;
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
    const stop = (): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    /** Stops reading, leaving the rest of the body unread, and fails with `error`. */
    const refuse = (error: unknown): void => {
      stop();
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length > maxBytes) refuse(tooLarge(maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: unknown): void => refuse(error);
    // The sender went away before the end: nothing to answer, but the timer must not stay.
    const onClose = (): void => refuse(new Error('The connection closed before the body ended'));
    const timer = setTimeout(() => refuse(tooSlow(timeoutMs)), timeoutMs);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
}

/** The refusal of a body over `maxBytes`: 413. */
export function tooLarge(maxBytes: number): SoraWebhookError {
  return new SoraWebhookError('too-large', 413, `The webhook body exceeds ${maxBytes} bytes`);
}

function tooSlow(timeoutMs: number): SoraWebhookError {
  return new SoraWebhookError(
    'body-timeout',
    408,
    `The webhook body did not all come within ${timeoutMs} ms`,
  );
}
