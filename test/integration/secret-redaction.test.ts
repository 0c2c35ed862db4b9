import { inspect } from 'node:util';
import { lastValueFrom, type Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSoraClient, type SoraClient } from '../../src/client.js';
import { errorOf } from '../helpers/observe.js';
import {
  closeScriptedServers,
  findClosedPort,
  hold,
  json,
  type ScriptedHandler,
  startScriptedServer,
  streamBody,
  text,
  wireTask,
} from '../helpers/scripted-server.js';

afterEach(closeScriptedServers);

const apiKey = 'sk-test-SECRET-1234567890';
const echo = `Incorrect API key provided: ${apiKey}. You can find your API key at https://example.test`;

/** The first 16-character piece of the key found in `text`: a cut-off key is still a leak. */
function keyPieceIn(text: string): string | undefined {
  for (let start = 0; start + 16 <= apiKey.length; start++) {
    const piece = apiKey.slice(start, start + 16);
    if (text.includes(piece)) return piece;
  }
  return undefined;
}

/** Every rendering of an error a user might log. */
function renderings(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: e.message,
    stack: String(e.stack),
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: 10, showHidden: true }),
  };
}

function expectNoKeyIn(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  for (const [where, rendered] of Object.entries(renderings(error))) {
    expect(keyPieceIn(rendered), `the key in error.${where}`).toBeUndefined();
  }
}

function clientFor(
  baseUrl: string,
  options: { requestTimeoutMs?: number; maxResponseBytes?: number } = {},
) {
  return createSoraClient({ baseUrl, apiKey, retry: { maxRetries: 0 }, ...options });
}

interface Case {
  readonly name: string;
  readonly handler: ScriptedHandler;
  readonly code: string;
  readonly call?: (sora: SoraClient) => Observable<unknown>;
  readonly options?: { requestTimeoutMs?: number; maxResponseBytes?: number };
}

const cases: Case[] = [
  {
    name: '401 echoing the key as JSON',
    handler: json(
      { error: { message: echo, type: 'invalid_request_error', code: 'invalid_api_key' } },
      401,
    ),
    code: 'SORA_AUTH',
  },
  { name: '403 echoing the key as text', handler: text(echo, 403), code: 'SORA_AUTH' },
  {
    name: '401 echoing the whole Authorization header',
    handler: text(`bad header: Bearer ${apiKey}`, 401),
    code: 'SORA_AUTH',
  },
  { name: '404 echoing the key', handler: json({ message: echo }, 404), code: 'SORA_NOT_FOUND' },
  {
    name: '429 echoing the key',
    handler: json({ error: echo }, 429, { 'retry-after': '1' }),
    code: 'SORA_RATE_LIMITED',
  },
  {
    name: '500 HTML echoing the key',
    handler: text(`<html><body><p>${echo}</p></body></html>`, 500, { 'content-type': 'text/html' }),
    code: 'SORA_SERVER',
  },
  {
    name: '400 echoing the key',
    handler: json({ error: { message: echo } }, 400),
    code: 'SORA_HTTP',
  },
  {
    name: 'decode: unknown status',
    handler: json(wireTask({ status: 'mystery' })),
    code: 'SORA_DECODE',
  },
  {
    name: 'decode: 200 HTML',
    handler: text('<html>maintenance</html>', 200, { 'content-type': 'text/html' }),
    code: 'SORA_DECODE',
  },
  {
    name: 'timeout',
    handler: hold(),
    code: 'SORA_REQUEST_TIMEOUT',
    // Long enough for the held request to reach the server on a busy machine.
    options: { requestTimeoutMs: 300 },
  },
  {
    name: 'too large',
    handler: streamBody({ totalBytes: 8 * 1024 * 1024, declareLength: false }),
    code: 'SORA_RESPONSE_TOO_LARGE',
    options: { maxResponseBytes: 1024 },
  },
  {
    name: 'poll timeout',
    handler: hold(),
    code: 'SORA_POLL_TIMEOUT',
    // Long enough for the held request to reach the server on a busy machine.
    call: (sora) => sora.videoStatus$('sora_1', { intervalMs: 5, jitter: 0, maxWaitMs: 500 }),
  },
];

describe('the API key never appears in errors', () => {
  it.each(cases)('$name → $code', async ({ handler, code, call, options }) => {
    const server = await startScriptedServer(handler);
    const sora = clientFor(server.baseUrl, options);
    const error = await errorOf((call ?? ((s: SoraClient) => s.getVideo$('sora_1')))(sora));

    expect(error).toMatchObject({ code });
    // The key did go out, so the server had it to echo.
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expectNoKeyIn(error);
  });

  it('redacts the echoed key from the body excerpt but keeps the rest of it', async () => {
    const server = await startScriptedServer(json({ error: { message: echo } }, 401));
    const error = await errorOf(clientFor(server.baseUrl).getVideo$('sora_1'));
    expect(error).toMatchObject({
      code: 'SORA_AUTH',
      bodyExcerpt: expect.stringContaining('Incorrect API key provided: [REDACTED].'),
    });
  });

  it('does not leak a key cut in two by the end of the body excerpt', async () => {
    // The excerpt keeps 200 characters: the key starts 21 characters before the cut.
    const server = await startScriptedServer(
      text(`${'a'.repeat(179)}${apiKey} and more text`, 400),
    );
    const error = await errorOf(clientFor(server.baseUrl).getVideo$('sora_1'));
    expect(error).toMatchObject({ code: 'SORA_HTTP' });
    expectNoKeyIn(error);
  });

  it.each([
    ['JSON that is not a task', json({ code: 401, message: echo })],
    ['text', text(echo, 200)],
  ])(
    'does not leak a key echoed in a 200 body of %s (gateways that send errors as 200)',
    async (_name, handler) => {
      const server = await startScriptedServer(handler);
      const error = await errorOf(clientFor(server.baseUrl).getVideo$('sora_1'));
      expect(error).toMatchObject({ code: 'SORA_DECODE' });
      expectNoKeyIn(error);
    },
  );

  it('network error: connection refused', async () => {
    const port = await findClosedPort();
    const error = await errorOf(clientFor(`http://127.0.0.1:${port}/v1`).getVideo$('sora_1'));
    expect(error).toMatchObject({ code: 'SORA_NETWORK', causeCode: 'ECONNREFUSED' });
    expectNoKeyIn(error);
  });

  it('network error: connection dropped mid-body', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write(`{"echo":"${apiKey}",`);
      setImmediate(() => res.socket?.destroy());
    });
    const error = await errorOf(clientFor(server.baseUrl).getVideo$('sora_1'));
    expect(error).toMatchObject({ code: 'SORA_NETWORK' });
    expectNoKeyIn(error);
  });
});

describe('the API key never appears in the client', () => {
  it('is sent as Authorization: Bearer, and nowhere else in the request', async () => {
    const server = await startScriptedServer(json(wireTask()));
    await lastValueFrom(clientFor(server.baseUrl).getVideo$('sora_1'));
    const { headers, url } = server.requests[0] ?? { headers: {}, url: '' };
    expect(headers.authorization).toBe(`Bearer ${apiKey}`);
    const elsewhere = Object.entries(headers).filter(
      ([name, value]) => name !== 'authorization' && String(value).includes(apiKey),
    );
    expect(elsewhere).toEqual([]);
    expect(url).not.toContain(apiKey);
  });

  it.each([
    ['without a rate limit', {}],
    ['with a rate limit', { rateLimit: { requestsPerSecond: 5 } }],
  ])('is not shown by util.inspect or JSON.stringify of the client %s', (_name, extra) => {
    const sora = createSoraClient({ baseUrl: 'http://127.0.0.1:9/v1', apiKey, ...extra });
    expect(inspect(sora, { depth: 10, showHidden: true })).not.toContain(apiKey);
    expect(inspect(sora, { depth: 10, showHidden: true })).toContain('getVideo$');
    expect(JSON.stringify(sora)).not.toContain(apiKey);
    expect(JSON.parse(JSON.stringify(sora))).toEqual({ baseUrl: 'http://127.0.0.1:9/v1' });
  });
});
