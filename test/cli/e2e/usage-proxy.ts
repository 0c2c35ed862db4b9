import type { TestContext } from 'vitest';
import { startProxy } from './proxy.js';

/**
 * An HTTP proxy in front of `target` that adds `usage` to the tasks it answers with, once they end,
 * as OpenRouter's video API does: `usage[id]` for the task `id`. Everything else passes through.
 * Closed after the current test.
 */
export function startUsageProxy(
  t: TestContext,
  target: { readonly port: number },
  usage: Readonly<Record<string, unknown>>,
): Promise<{ readonly origin: string }> {
  return startProxy(
    t,
    target,
    (req, res, answer) => {
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
    { 'accept-encoding': 'identity' },
  );
}
