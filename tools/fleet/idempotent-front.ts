// A front for the simulator that honours `Idempotency-Key`, as a provider that supports it does:
// the first create of a key is forwarded, and every later one (even while the first is in flight)
// gets the first one's answer. Everything else is forwarded as it is.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** Hooks to count what the front sees. */
export interface FrontHooks {
  onRequest(req: IncomingMessage): void;
  /** The status of each answer, and its body (a list page's rows are counted from it). */
  onResponse(status: number, body: Buffer): void;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forwardHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'host' || name === 'connection') continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Starts the front of the API at `baseUrl` (`http://host:port/v1`); `latencyMs` holds every
 * request that long before it is forwarded, as a real API takes a while.
 */
export async function startIdempotentFront(
  baseUrl: string,
  hooks: FrontHooks,
  { latencyMs = 0 }: { readonly latencyMs?: number } = {},
) {
  const origin = new URL(baseUrl).origin;
  const byKey = new Map<string, Promise<Answer>>();

  const forward = async (req: IncomingMessage, body: Buffer): Promise<Answer> => {
    const res = await fetch(`${origin}${req.url}`, {
      method: req.method ?? 'GET',
      headers: forwardHeaders(req.headers),
      ...(body.length > 0 ? { body: body.toString() } : {}),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection') {
        headers[name] = value;
      }
    });
    return { status: res.status, headers, body: Buffer.from(await res.arrayBuffer()) };
  };

  const server = createServer((req, res) => {
    hooks.onRequest(req);
    void (async () => {
      const body = await readBody(req);
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const key = req.headers['idempotency-key'];
      let answer: Answer;
      if (req.method === 'POST' && typeof key === 'string') {
        let first = byKey.get(key);
        if (first === undefined) {
          first = forward(req, body);
          byKey.set(key, first);
          // A refused or failed create did not count: the next one with its key goes through.
          first.then(
            (a) => a.status !== 200 && byKey.delete(key),
            () => byKey.delete(key),
          );
        }
        answer = await first;
      } else {
        answer = await forward(req, body);
      }
      hooks.onResponse(answer.status, answer.body);
      res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
      res.end(answer.body);
    })().catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${new URL(baseUrl).pathname}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
