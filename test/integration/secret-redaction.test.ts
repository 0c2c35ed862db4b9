import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { lastValueFrom, type Observable, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { SoraClient } from '../../src/client/sora-client.js';
import { throwIfFailed } from '../../src/watch/throw-if-failed.js';
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
import { advance } from '../helpers/virtual-clock.js';

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
  options: {
    requestTimeoutMs?: number;
    maxResponseBytes?: number;
    scheduler?: VirtualTimeScheduler;
  } = {},
) {
  return createSoraClient({ baseUrl, apiKey, retry: { maxRetries: 0 }, ...options });
}

interface Case {
  readonly name: string;
  readonly handler: ScriptedHandler;
  readonly code: string;
  readonly call?: (sora: SoraClient) => Observable<unknown>;
  readonly options?: { requestTimeoutMs?: number; maxResponseBytes?: number };
  /** The server holds the request: the error comes from a time limit, in virtual time. */
  readonly held?: true;
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
    held: true,
    code: 'SORA_REQUEST_TIMEOUT',
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
    held: true,
    code: 'SORA_POLL_TIMEOUT',
    call: (sora) => sora.videoStatus$('sora_1', { intervalMs: 5, jitter: 0, maxWaitMs: 500 }),
  },
];

describe('the API key never appears in errors', () => {
  it.each(cases)('$name → $code', async ({ handler, code, call, options, held }) => {
    const server = await startScriptedServer(handler);
    const scheduler = new VirtualTimeScheduler();
    const sora = clientFor(server.baseUrl, { ...options, scheduler });
    const failed = errorOf((call ?? ((s: SoraClient) => s.getVideo$('sora_1')))(sora));
    if (held) {
      // Once the request is at the server, past every time limit.
      await server.waitForRequest(0);
      advance(scheduler, 60_000);
    }
    const error = await failed;

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

/** Keys the client accepts, with the characters that encoders escape. */
const hostileKeys = ['sk-proj/AbC+dEf=ghIJ/0123456789==', `sk-"quoted"\\back<&>'0123456789`];

/** The forms in which a gateway may echo a key (or the whole header) back. */
const echoForms: Record<string, (key: string) => string> = {
  raw: (key) => key,
  'the whole header': (key) => `Bearer ${key}`,
  'JSON-escaped with \\/': (key) => JSON.stringify(key).slice(1, -1).replaceAll('/', '\\/'),
  '\\uXXXX escapes': (key) =>
    [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  'HTML-safe JSON (\\u003c)': (key) =>
    JSON.stringify(key)
      .slice(1, -1)
      .replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  'URL-encoded': (key) => encodeURIComponent(key),
  'HTML-escaped': (key) =>
    key
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&#39;'),
  'base64 of the header': (key) => Buffer.from(`Bearer ${key}`).toString('base64'),
  'base64url of the key': (key) => Buffer.from(key).toString('base64url'),
  'base64 of key: (basic auth)': (key) => Buffer.from(`${key}:`).toString('base64'),
};

/** The forms that are already the inside of a JSON string: the others are escaped to go there. */
const jsonReadyForms = new Set([
  'JSON-escaped with \\/',
  '\\uXXXX escapes',
  'HTML-safe JSON (\\u003c)',
]);

/** `echo` in the form `form`, as the inside of a JSON string literal. */
function insideJsonString(echo: string, form: string): string {
  return jsonReadyForms.has(form) ? echo : JSON.stringify(echo).slice(1, -1);
}

interface EchoCase {
  readonly name: string;
  readonly code: string;
  readonly handler: (echo: string, form: string) => ScriptedHandler;
}

const echoCases: EchoCase[] = [
  {
    name: 'a 401 JSON message',
    code: 'SORA_AUTH',
    handler: (echo, form) =>
      text(`{"error":{"message":"Incorrect API key: ${insideJsonString(echo, form)}"}}`, 401, {
        'content-type': 'application/json',
      }),
  },
  {
    name: 'x-request-id of a 500',
    code: 'SORA_SERVER',
    handler: (echo, _form) => text('upstream failed', 500, { 'x-request-id': echo }),
  },
  {
    name: 'cf-ray of a 400',
    code: 'SORA_HTTP',
    handler: (echo, _form) => text('bad request', 400, { 'cf-ray': echo }),
  },
  {
    name: 'a 400 HTML page',
    code: 'SORA_HTTP',
    handler: (echo, _form) =>
      text(`<html><body><p>Rejected key ${echo}</p></body></html>`, 400, {
        'content-type': 'text/html',
      }),
  },
  {
    name: 'a 200 that is JSON but not a task',
    code: 'SORA_DECODE',
    handler: (echo, form) =>
      text(`{"code":401,"message":"bad key ${insideJsonString(echo, form)}"}`, 200, {
        'content-type': 'application/json',
      }),
  },
  {
    name: 'the status of a 200 task',
    code: 'SORA_DECODE',
    handler: (echo, form) => {
      const body = JSON.stringify(wireTask({ status: 'STATUS' }));
      return text(body.replace('STATUS', insideJsonString(echo, form)), 200, {
        'content-type': 'application/json',
      });
    },
  },
  {
    name: 'a 200 JSON body cut short',
    code: 'SORA_DECODE',
    handler: (echo, form) =>
      text(`{"id":"sora_1","echo":"${insideJsonString(echo, form)}`, 200, {
        'content-type': 'application/json',
      }),
  },
];

describe.each(hostileKeys)(
  'the key %s never appears in errors, whatever form it is echoed in',
  (key) => {
    const cases = echoCases.flatMap((echoCase) =>
      Object.entries(echoForms).map(([form, encode]) => ({ ...echoCase, form, encode })),
    );

    it.each(cases)('$name, $form → $code', async ({ handler, code, encode, form }) => {
      const echo = encode(key);
      const server = await startScriptedServer(handler(echo, form));
      const sora = createSoraClient({
        baseUrl: server.baseUrl,
        apiKey: key,
        retry: { maxRetries: 0 },
      });
      const error = await errorOf(sora.getVideo$('sora_1'));
      expect(error).toMatchObject({ code });
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
      for (const [where, rendered] of Object.entries(renderings(error))) {
        expect(rendered.includes(key), `the key in error.${where}`).toBe(false);
        expect(rendered.includes(echo), `the echoed form in error.${where}`).toBe(false);
      }
      expect(JSON.stringify(error)).toContain('[REDACTED]');
    });
  },
);

describe('the API key never appears in tasks or the errors that carry them', () => {
  it('redacts an echo from a failed task, so that throwIfFailed and the task itself hold no key', async () => {
    const escaped = JSON.stringify(`upstream refused Bearer ${apiKey}`).replaceAll('-', '\\u002d');
    const body = JSON.stringify(wireTask({ status: 'failed', error: 'ERROR' })).replace(
      '"ERROR"',
      escaped,
    );
    const server = await startScriptedServer(
      text(body, 200, { 'content-type': 'application/json' }),
    );
    const sora = clientFor(server.baseUrl);
    const task = await lastValueFrom(sora.getVideo$('sora_1'));
    expect(task.error).toBe('upstream refused Bearer [REDACTED]');
    expect(Object.getPrototypeOf(task)).toBe(Object.prototype);
    const error = await errorOf(sora.videoStatus$('sora_1').pipe(throwIfFailed()));
    expect(error).toMatchObject({ code: 'SORA_TASK_FAILED' });
    expectNoKeyIn(error);
  });

  it('keeps a video_url that a gateway signed with the key: the download needs it as sent', async () => {
    const videoUrl = `https://cdn.test/v.mp4?key=${apiKey}`;
    const server = await startScriptedServer(
      json(wireTask({ status: 'completed', video_url: videoUrl, debug: `auth ${apiKey}` })),
    );
    const task = await lastValueFrom(clientFor(server.baseUrl).getVideo$('sora_1'));
    expect(task).toMatchObject({ video_url: videoUrl, debug: 'auth [REDACTED]' });
  });

  it('redacts an id that echoes the key from SORA_TASK_MISMATCH', async () => {
    const server = await startScriptedServer(json(wireTask({ id: `Bearer ${apiKey}` })));
    const error = await errorOf(clientFor(server.baseUrl).getVideo$('sora_1'));
    expect(error).toMatchObject({ code: 'SORA_TASK_MISMATCH', receivedId: 'Bearer [REDACTED]' });
    expectNoKeyIn(error);
  });

  it('redacts the key from a download error whose URL holds it', async () => {
    const port = await findClosedPort();
    const dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-redact-'));
    try {
      const sora = clientFor(`http://127.0.0.1:${port}/v1`);
      const error = await errorOf(
        sora.download$(`http://127.0.0.1:${port}/files/${apiKey}/v.mp4`, { dir }),
      );
      expect(error).toMatchObject({ code: 'SORA_NETWORK' });
      expect((error as Error).message).toContain('/files/[REDACTED]/v.mp4');
      expectNoKeyIn(error);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('redacts the key from an error a transport raised, and from its cause', async () => {
    const sora = createSoraClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKey,
      retry: { maxRetries: 0 },
      transport: (req) => {
        throw new Error(`proxy rejected ${req.headers.authorization}`);
      },
    });
    const error = await errorOf(sora.getVideo$('sora_1'));
    expect(error).toMatchObject({ code: 'SORA_NETWORK' });
    expect((error as Error).message).toContain('proxy rejected Bearer [REDACTED]');
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
