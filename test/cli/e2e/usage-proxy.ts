import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'vitest';

/**
 * An HTTP proxy in front of `target` that adds `usage` to the tasks it answers with, once they end,
 * as OpenRouter's video API does: `usage[id]` for the task `id`. Everything else passes through.
 * Closed after the current test.
 */
export async function startUsageProxy(
  t: TestContext,
  target: { readonly port: number },
  usage: Readonly<Record<string, unknown>>,
): Promise<{ readonly origin: string }> {
  const server = createServer((req, res) => {
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'accept-encoding': 'identity' },
      },
      (answer) => {
        const id = /\/videos\/([^/?]+)$/.exec(req.url ?? '')?.[1];
        if (req.method !== 'GET' || id === undefined || !(id in usage)) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const task = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status?: string };
          const ended = task.status === 'completed' || task.status === 'failed';
          const body = Buffer.from(JSON.stringify(ended ? { ...task, usage: usage[id] } : task));
          const headers = { ...answer.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
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
