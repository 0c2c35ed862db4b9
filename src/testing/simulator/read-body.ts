import type { IncomingMessage } from 'node:http';

/**
 * Reads a request body whole; resolves `null` when it is over `maxBytes` (reading on, to answer
 * once it has arrived), and rejects if the request is aborted.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= maxBytes) chunks.push(chunk);
    });
    req.once('end', () => resolve(length > maxBytes ? null : Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('The request was aborted'));
    });
  });
}
