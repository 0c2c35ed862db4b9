import type { Readable } from 'node:stream';

/**
 * Stops reading a response body and frees its connection. undici reports the abandoned request as
 * an error event on the body, which nobody reads any more: swallow it rather than let it surface
 * as an unhandled error.
 */
export function discardBody(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}
