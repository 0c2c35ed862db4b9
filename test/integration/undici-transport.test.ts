import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { firstValueFrom, type Subscription, tap } from 'rxjs';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/http/http-transport.js';
import { undiciTransport } from '../../src/http/undici-transport.js';
import { errorOf } from '../helpers/observe.js';
import {
  closeScriptedServers,
  findClosedPort,
  hold,
  json,
  type ScriptedHandler,
  type ScriptedServer,
  startScriptedServer,
  streamBody,
  text,
} from '../helpers/scripted-server.js';

afterEach(closeScriptedServers);

function get(server: ScriptedServer, path = '/v1/videos/sora_1', maxBodyBytes = 1024): HttpRequest {
  return {
    method: 'GET',
    url: `${server.origin}${path}`,
    headers: { accept: 'application/json' },
    maxBodyBytes,
  };
}

describe('undiciTransport over a real connection', () => {
  it('sends sequential polls over one keep-alive connection', async () => {
    const server = await startScriptedServer(json({ ok: true }));
    const transport = undiciTransport();
    for (let i = 0; i < 5; i++) {
      const res = await firstValueFrom(transport(get(server, `/v1/videos/sora_${i}`)));
      expect(res).toMatchObject({ status: 200, body: '{"ok":true}' });
      // Polls are spaced in time; back to back, undici's pool may add a second connection before
      // the first reports itself free (see the next test).
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(server.requests.map((r) => r.url)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `/v1/videos/sora_${i}`),
    );
    expect(server.requests.map((r) => r.connection)).toEqual([0, 0, 0, 0, 0]);
    expect(server.connections).toBe(1);
  });

  it('reuses connections for back-to-back requests instead of opening one per request', async () => {
    const server = await startScriptedServer(json({ ok: true }));
    const transport = undiciTransport();
    for (let i = 0; i < 10; i++) await firstValueFrom(transport(get(server)));
    expect(server.requests).toHaveLength(10);
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it('sends the method, headers and body it is given, and reports status and lower-cased headers', async () => {
    let received = '';
    const answer = json({ id: 'sora_2' }, 201, { 'X-Request-Id': 'req_7' });
    const server = await startScriptedServer((req, res, recorded) => {
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (received += chunk));
      req.on('end', () => answer(req, res, recorded));
    });
    const res = await firstValueFrom(
      undiciTransport()({
        method: 'POST',
        url: `${server.origin}/v1/videos`,
        headers: { 'content-type': 'application/json', authorization: 'Bearer k-1234' },
        body: '{"prompt":"a cat"}',
        maxBodyBytes: 1024,
      }),
    );
    expect(received).toBe('{"prompt":"a cat"}');
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/v1/videos' });
    expect(server.requests[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer k-1234',
    });
    expect(res.status).toBe(201);
    expect(res.headers['x-request-id']).toBe('req_7');
    expect(JSON.parse(res.body)).toEqual({ id: 'sora_2' });
  });

  it('aborts the request when unsubscribed, before the server has answered', async () => {
    const server = await startScriptedServer(hold());
    const seen: string[] = [];
    const subscription = undiciTransport()(get(server)).subscribe({
      next: () => seen.push('next'),
      error: () => seen.push('error'),
      complete: () => seen.push('complete'),
    });
    const request = await server.waitForRequest(0);
    subscription.unsubscribe();

    expect(await request.closed).toEqual({ headersSent: false, finished: false });
    await request.socketClosed;
    expect(seen).toEqual([]);
  });

  it('never sends a request unsubscribed while it waited for a connection', async () => {
    const server = await startScriptedServer(hold(), json({ ok: 1 }));
    const transport = undiciTransport({ connections: 1 });
    const first = transport(get(server)).subscribe();
    await server.waitForRequest(0);
    const seen: string[] = [];
    // Queued behind the held request on the only connection, then given up.
    transport(get(server, '/v1/videos/sora_queued'))
      .subscribe({ next: () => seen.push('next'), error: () => seen.push('error') })
      .unsubscribe();
    first.unsubscribe();

    const res = await firstValueFrom(transport(get(server, '/v1/videos/sora_3')));
    expect(res.body).toBe('{"ok":1}');
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/videos/sora_1', '/v1/videos/sora_3']);
    expect(seen).toEqual([]);
  });

  it('opens no connection for requests cancelled while they waited for one', async () => {
    const server = await startScriptedServer(json({ ok: 1 }));
    const transport = undiciTransport({ connections: 2 });
    // No connection is up yet: two requests take the pool's two, 2,000 wait and are given up.
    const sent = [0, 1].map(() => firstValueFrom(transport(get(server))));
    const queued = Array.from({ length: 2000 }, () =>
      transport(get(server, '/v1/videos/sora_queued')).subscribe(),
    );
    for (const subscription of queued) subscription.unsubscribe();
    await Promise.all(sent);

    const res = await firstValueFrom(transport(get(server, '/v1/videos/sora_last')));
    expect(res.body).toBe('{"ok":1}');
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v1/videos/sora_1',
      '/v1/videos/sora_1',
      '/v1/videos/sora_last',
    ]);
    expect(server.connections).toBe(2);
  });

  it('keeps the connection when a request handed to undici is cancelled before it goes out', async () => {
    const server = await startScriptedServer(json({ ok: 1 }));
    const transport = undiciTransport({ connections: 1 });
    const seen: string[] = [];
    let second: Subscription | undefined;
    // The first answer frees the place, and the second request goes to undici at once, to wait
    // there for the connection: given up then, it must neither go out nor close the connection.
    const first = firstValueFrom(
      transport(get(server, '/v1/videos/sora_a')).pipe(tap(() => second?.unsubscribe())),
    );
    second = transport(get(server, '/v1/videos/sora_b')).subscribe({
      next: () => seen.push('next'),
      error: () => seen.push('error'),
    });
    const third = firstValueFrom(transport(get(server, '/v1/videos/sora_c')));
    await first;
    expect((await third).body).toBe('{"ok":1}');

    expect(server.requests.map((r) => r.url)).toEqual(['/v1/videos/sora_a', '/v1/videos/sora_c']);
    expect(server.connections).toBe(1);
    expect(seen).toEqual([]);
  });

  it('keeps the connection of a given dispatcher when a request queued in its pool is cancelled', async () => {
    const server = await startScriptedServer(json({ ok: 1 }));
    const dispatcher = new Agent({ connections: 1 });
    try {
      const transport = undiciTransport({ dispatcher });
      const sent = firstValueFrom(transport(get(server)));
      const queued = Array.from({ length: 50 }, () =>
        transport(get(server, '/v1/videos/sora_queued')).subscribe(),
      );
      for (const subscription of queued) subscription.unsubscribe();
      await sent;

      await firstValueFrom(transport(get(server, '/v1/videos/sora_last')));
      expect(server.requests.map((r) => r.url)).toEqual([
        '/v1/videos/sora_1',
        '/v1/videos/sora_last',
      ]);
      expect(server.connections).toBe(1);
    } finally {
      await dispatcher.close();
    }
  });

  it('opens a fresh connection after an aborted one, and the next request succeeds', async () => {
    const server = await startScriptedServer(hold(), json({ ok: 1 }));
    const transport = undiciTransport();
    const subscription = transport(get(server)).subscribe();
    const first = await server.waitForRequest(0);
    subscription.unsubscribe();
    await first.socketClosed;

    const res = await firstValueFrom(transport(get(server)));
    expect(res.body).toBe('{"ok":1}');
    // undici may open and drop a spare connection after an abort: only "not the aborted one" is ours.
    expect(server.requests[1]?.connection).not.toBe(first.connection);
  });

  it('accepts a body of exactly maxBodyBytes', async () => {
    const server = await startScriptedServer(text('x'.repeat(100)));
    const res = await firstValueFrom(undiciTransport()(get(server, undefined, 100)));
    expect(res.body).toHaveLength(100);
  });

  it.each([
    ['with a content-length', true],
    ['chunked, without a content-length', false],
  ])(
    'refuses a body over maxBodyBytes %s and closes the connection instead of reading it',
    async (_name, declareLength) => {
      const totalBytes = 64 * 1024 * 1024;
      let written = -1;
      const server = await startScriptedServer(
        streamBody({ totalBytes, declareLength, onWritten: (bytes) => (written = bytes) }),
      );
      const error = await errorOf(undiciTransport()(get(server, undefined, 1000)));

      expect(error).toMatchObject({ code: 'SORA_RESPONSE_TOO_LARGE', maxBytes: 1000 });
      const request = server.requests[0];
      expect(await request?.closed).toEqual({ headersSent: true, finished: false });
      await request?.socketClosed;
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(totalBytes);
    },
  );

  it('refuses a declared content-length over the limit before any of the body arrives', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-length': 5000 });
      res.flushHeaders();
    });
    const error = await errorOf(undiciTransport()(get(server, undefined, 1000)));
    expect(error).toMatchObject({ code: 'SORA_RESPONSE_TOO_LARGE' });
    expect(await server.requests[0]?.closed).toEqual({ headersSent: true, finished: false });
  });

  it('fails with SORA_NETWORK when the connection drops in the middle of the body', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-length': 100 });
      res.write('{"id":');
      setImmediate(() => res.socket?.destroy());
    });
    const error = await errorOf(undiciTransport()(get(server)));
    expect(error).toMatchObject({ code: 'SORA_NETWORK', method: 'GET' });
    expect((error as { causeCode?: string }).causeCode).toMatch(/^UND_ERR_/);
  });

  it('fails with SORA_NETWORK and causeCode ECONNREFUSED when nothing listens', async () => {
    const port = await findClosedPort();
    const error = await errorOf(
      undiciTransport()({
        method: 'GET',
        url: `http://127.0.0.1:${port}/v1/videos/sora_1`,
        headers: {},
        maxBodyBytes: 1024,
      }),
    );
    expect(error).toMatchObject({ code: 'SORA_NETWORK', causeCode: 'ECONNREFUSED' });
  });
});

/** Answers with `body` as sent, declared with `content-encoding: encoding`. */
function encoded(body: Buffer, encoding: string): ScriptedHandler {
  return (_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-encoding': encoding,
      'content-length': body.length,
    });
    res.end(body);
  };
}

describe('undiciTransport and compressed answers', () => {
  const task = JSON.stringify({ id: 'sora_1', status: 'processing', progress: 40 });

  it('asks for gzip, deflate and br, and keeps an accept-encoding the request sets', async () => {
    const server = await startScriptedServer(json({ ok: 1 }));
    const transport = undiciTransport();
    await firstValueFrom(transport(get(server)));
    await firstValueFrom(transport({ ...get(server), headers: { 'accept-encoding': 'identity' } }));
    expect(server.requests.map((r) => r.headers['accept-encoding'])).toEqual([
      'gzip, deflate, br',
      'identity',
    ]);
  });

  it.each([
    ['gzip', 'gzip', gzipSync(task)],
    ['x-gzip', 'x-gzip', gzipSync(task)],
    ['deflate, zlib-wrapped', 'deflate', deflateSync(task)],
    ['deflate, raw', 'deflate', deflateRawSync(task)],
    ['br', 'br', brotliCompressSync(task)],
    ['GZIP, in capitals', 'GZIP', gzipSync(task)],
    ['deflate then gzip', 'deflate, gzip', gzipSync(deflateSync(task))],
    ['identity', 'identity', Buffer.from(task)],
  ])('decodes a body sent with content-encoding %s', async (_name, encoding, body) => {
    const server = await startScriptedServer(encoded(body, encoding));
    const res = await firstValueFrom(undiciTransport()(get(server)));
    expect(res.body).toBe(task);
  });

  it('leaves a body whose codings it does not know as it came', async () => {
    const server = await startScriptedServer(encoded(Buffer.from('raw'), 'zstd'));
    const res = await firstValueFrom(undiciTransport()(get(server)));
    expect(res.body).toBe('raw');
  });

  it('accepts a body that decodes to exactly maxBodyBytes', async () => {
    const server = await startScriptedServer(encoded(gzipSync('x'.repeat(1000)), 'gzip'));
    const res = await firstValueFrom(undiciTransport()(get(server, undefined, 1000)));
    expect(res.body).toHaveLength(1000);
  });

  it('refuses with SORA_RESPONSE_TOO_LARGE a small gzip body that decodes past maxBodyBytes', async () => {
    // 16 MiB of zeros in 16 KiB: only the decoded size can refuse it.
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    const server = await startScriptedServer(encoded(bomb, 'gzip'));
    const error = await errorOf(undiciTransport()(get(server, undefined, 1024 * 1024)));
    expect(error).toMatchObject({ code: 'SORA_RESPONSE_TOO_LARGE', maxBytes: 1024 * 1024 });
  });

  it('refuses a body of more than five codings', async () => {
    const server = await startScriptedServer(encoded(gzipSync(task), `${'gzip, '.repeat(5)}gzip`));
    const error = await errorOf(undiciTransport()(get(server)));
    expect(error).toMatchObject({ code: 'SORA_NETWORK' });
    expect(String((error as Error).message)).toMatch(/too many content-encodings/);
  });

  it("fails with SORA_NETWORK and zlib's code when a gzip body is corrupt", async () => {
    const server = await startScriptedServer(encoded(Buffer.from('not gzip at all'), 'gzip'));
    const error = await errorOf(undiciTransport()(get(server)));
    expect(error).toMatchObject({ code: 'SORA_NETWORK', causeCode: 'Z_DATA_ERROR' });
  });
});

describe('undiciTransport options', () => {
  it.each([0, 2.5, -1, Number.NaN, '4'])('refuses connections: %s, naming it', (connections) => {
    expect(() => undiciTransport({ connections: connections as number })).toThrow(
      new TypeError(
        `Expected \`connections\` to be a whole number of at least 1, or Infinity, got ${typeof connections === 'string' ? '"4"' : String(connections)}`,
      ),
    );
  });

  it('sends through a pool without a cap when connections is Infinity', async () => {
    const server = await startScriptedServer(json({ ok: 1 }));
    const transport = undiciTransport({ connections: Number.POSITIVE_INFINITY });
    const res = await firstValueFrom(transport(get(server)));
    expect(res.body).toBe('{"ok":1}');
  });

  it('refuses an option it does not know', () => {
    expect(() => undiciTransport({ connection: 4 } as never)).toThrow(
      /Unknown option `connection`/,
    );
  });
});
