import type { TestContext } from 'vitest';
import { startProxy } from './proxy.js';

/**
 * An HTTP proxy in front of `target` that passes every request through, except that the body of
 * a video (`/content`) stops after `stallAfterBytes`: the client has a download in progress that
 * never ends, so a test can interrupt it at leisure. Closed after the current test.
 */
export function startStallingProxy(
  t: TestContext,
  target: { readonly port: number },
  stallAfterBytes: number,
): Promise<{ readonly origin: string }> {
  return startProxy(t, target, (req, res, answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    if (!req.url?.includes('/content')) {
      answer.pipe(res);
      return;
    }
    let sent = 0;
    answer.on('data', (chunk: Buffer) => {
      if (sent >= stallAfterBytes) {
        answer.pause();
        return;
      }
      res.write(chunk);
      sent += chunk.length;
    });
  });
}
