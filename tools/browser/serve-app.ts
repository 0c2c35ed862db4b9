// The app's server, as a backend beside an Angular app would be: it serves the built files and
// forwards `/v1` to the API with the real key in place of the browser's token.
import { readFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Where the server forwards API requests, and with which key. */
export interface ApiTarget {
  /** The API's origin, such as the simulator's `origin`. */
  readonly origin: string;
  /** The real API key, which the browser never sees. */
  readonly apiKey: string;
}

/** Starts the server on 127.0.0.1 at a free port; resolves with it and its origin. */
export async function serveApp(
  browserDir: string,
  api: ApiTarget,
): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/v1/')) {
      const headers = {
        ...req.headers,
        host: new URL(api.origin).host,
        authorization: `Bearer ${api.apiKey}`,
      };
      const upstream = request(`${api.origin}${url}`, { method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
      return;
    }
    const path = new URL(url, 'http://app').pathname;
    const file = join(browserDir, normalize(path === '/' ? '/index.html' : path));
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => {
        res.writeHead(404).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}
