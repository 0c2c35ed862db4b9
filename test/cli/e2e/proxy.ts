import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'vitest';

/** Answers the client with the upstream's `answer` to `req`, as the proxy sees fit. */
export type ProxyAnswer = (
  req: IncomingMessage,
  res: ServerResponse,
  answer: IncomingMessage,
) => void;

/**
 * An HTTP proxy on 127.0.0.1 in front of `target`: each request goes to the target as it came
 * (with `upstreamHeaders` over its own), and `onAnswer` answers the client. Closed after the
 * current test.
 */
export async function startProxy(
  t: TestContext,
  target: { readonly port: number },
  onAnswer: ProxyAnswer,
  upstreamHeaders: Readonly<Record<string, string>> = {},
): Promise<{ readonly origin: string }> {
  const server = createServer((req, res) => {
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, ...upstreamHeaders },
      },
      (answer) => onAnswer(req, res, answer),
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
