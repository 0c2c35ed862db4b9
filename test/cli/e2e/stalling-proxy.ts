import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'vitest';

/**
 * An HTTP proxy in front of `target` that passes every request through, except that the body of
 * a video (`/content`) stops after `stallAfterBytes`: the client has a download in progress that
 * never ends, so a test can interrupt it at leisure. Closed after the current test.
 */
export async function startStallingProxy(
  t: TestContext,
  target: { readonly port: number },
  stallAfterBytes: number,
): Promise<{ readonly origin: string }> {
  const server = createServer((req, res) => {
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
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
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
