import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { firstValueFrom, lastValueFrom, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SoraClientOptions } from '../../src/client/client-options.js';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { errorOf } from '../helpers/observe.js';
import {
  closeScriptedServers,
  hold,
  json,
  type ScriptedServer,
  startScriptedServer,
  streamBody,
  text,
  wireTask,
} from '../helpers/scripted-server.js';
import { advance } from '../helpers/virtual-clock.js';

afterEach(closeScriptedServers);

const apiKey = 'sk-test-client-key';

function clientOf(server: ScriptedServer, options: SoraClientOptions = {}) {
  return createSoraClient({
    baseUrl: server.baseUrl,
    apiKey,
    retry: { maxRetries: 0 },
    ...options,
  });
}

describe('getVideo$ over the wire', () => {
  it('GETs {baseUrl}/videos/{id} with the bearer key and emits the decoded task', async () => {
    const server = await startScriptedServer(json(wireTask({ id: 'sora_abc', status: 'queued' })));
    const task = await lastValueFrom(clientOf(server).getVideo$('sora_abc'));

    expect(task).toEqual(wireTask({ id: 'sora_abc', status: 'queued' }));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/v1/videos/sora_abc' });
    expect(server.requests[0]?.headers).toMatchObject({
      authorization: `Bearer ${apiKey}`,
      accept: 'application/json',
    });
  });

  it('keeps one connection for several sequential calls of one client', async () => {
    const server = await startScriptedServer(json(wireTask()));
    const sora = clientOf(server);
    for (let i = 0; i < 4; i++) {
      await lastValueFrom(sora.getVideo$('sora_1'));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(server.requests).toHaveLength(4);
    expect(server.connections).toBe(1);
  });

  it('aborts the request when the subscriber unsubscribes', async () => {
    const server = await startScriptedServer(hold());
    const subscription = clientOf(server).getVideo$('sora_1').subscribe();
    const request = await server.waitForRequest(0);
    subscription.unsubscribe();
    expect(await request.closed).toEqual({ headersSent: false, finished: false });
  });
});

describe('request time limit', () => {
  // In virtual time: the clock moves once the request is where the test wants it, at the server
  // or with its headers at the client (the timing itself: test/http/timeout-transport.test.ts).
  const requestTimeoutMs = 300;

  it('fails with SORA_REQUEST_TIMEOUT when the server never answers, and aborts the request', async () => {
    const scheduler = new VirtualTimeScheduler();
    const server = await startScriptedServer(hold());
    let error: unknown;
    clientOf(server, { requestTimeoutMs, scheduler })
      .getVideo$('sora_1')
      .subscribe({ error: (e: unknown) => (error = e) });
    await server.waitForRequest(0);
    advance(scheduler, requestTimeoutMs - 1);
    expect(error).toBeUndefined();
    advance(scheduler, 1);

    expect(error).toMatchObject({
      code: 'SORA_REQUEST_TIMEOUT',
      timeoutMs: requestTimeoutMs,
      method: 'GET',
      url: `${server.baseUrl}/videos/sora_1`,
    });
    expect(await server.requests[0]?.closed).toEqual({ headersSent: false, finished: false });
    expect(server.requests).toHaveLength(1);
  });

  it('counts the body too: a body that stalls halfway times out and is aborted', async (t) => {
    const scheduler = new VirtualTimeScheduler();
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 500 });
      res.write('{"id":"sora_1",');
    });
    // undici says when the client has the response's headers: the time limit must still run.
    let headersReceived = false;
    const onHeaders = () => (headersReceived = true);
    subscribe('undici:request:headers', onHeaders);
    t.onTestFinished(() => {
      unsubscribe('undici:request:headers', onHeaders);
    });
    let error: unknown;
    clientOf(server, { requestTimeoutMs, scheduler })
      .getVideo$('sora_1')
      .subscribe({ error: (e: unknown) => (error = e) });
    await vi.waitFor(() => expect(headersReceived).toBe(true));
    advance(scheduler, requestTimeoutMs);

    expect(error).toMatchObject({ code: 'SORA_REQUEST_TIMEOUT' });
    expect(await server.requests[0]?.closed).toEqual({ headersSent: true, finished: false });
  });
});

describe('maxResponseBytes', () => {
  it.each([
    ['with a content-length', true],
    ['chunked', false],
  ])(
    'fails a body over the limit (%s) with SORA_RESPONSE_TOO_LARGE, not retried',
    async (_name, declareLength) => {
      const totalBytes = 32 * 1024 * 1024;
      const server = await startScriptedServer(streamBody({ totalBytes, declareLength }));
      const sora = clientOf(server, {
        maxResponseBytes: 2048,
        retry: { maxRetries: 3, baseDelayMs: 1 },
      });
      const error = await errorOf(sora.getVideo$('sora_1'));

      expect(error).toMatchObject({ code: 'SORA_RESPONSE_TOO_LARGE', maxBytes: 2048 });
      expect(await server.requests[0]?.closed).toEqual({ headersSent: true, finished: false });
      expect(server.requests).toHaveLength(1);
    },
  );
});

describe('retries over the wire', () => {
  const fast = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 };

  it('retries a 503 twice and succeeds on the third request', async () => {
    const server = await startScriptedServer(
      text('busy', 503),
      text('busy', 503),
      json(wireTask({ status: 'completed', video_url: 'https://cdn.test/v.mp4' })),
    );
    const task = await lastValueFrom(clientOf(server, { retry: fast }).getVideo$('sora_1'));
    expect(task.status).toBe('completed');
    expect(server.requests).toHaveLength(3);
  });

  it('retries a 429 after its retry-after-ms', async () => {
    const server = await startScriptedServer(
      json({ error: 'slow down' }, 429, { 'retry-after-ms': '1' }),
      json(wireTask()),
    );
    const task = await lastValueFrom(clientOf(server, { retry: fast }).getVideo$('sora_1'));
    expect(task.status).toBe('processing');
    expect(server.requests).toHaveLength(2);
  });

  it('retries a request that timed out, aborting the first one', async () => {
    const scheduler = new VirtualTimeScheduler();
    const server = await startScriptedServer(hold(), json(wireTask()));
    const sora = clientOf(server, { requestTimeoutMs: 300, retry: fast, scheduler });
    const answered = lastValueFrom(sora.getVideo$('sora_1'));
    await server.waitForRequest(0);
    // The time limit, then the retry's backoff.
    advance(scheduler, 300 + fast.maxDelayMs);
    const task = await answered;
    expect(task.id).toBe('sora_1');
    expect(server.requests).toHaveLength(2);
    expect(await server.requests[0]?.closed).toEqual({ headersSent: false, finished: false });
  });

  it.each([
    [404, 'SORA_NOT_FOUND'],
    [401, 'SORA_AUTH'],
    [400, 'SORA_HTTP'],
  ])('does not retry a %i', async (status, code) => {
    const server = await startScriptedServer(json({ error: 'no' }, status), json(wireTask()));
    const error = await errorOf(clientOf(server, { retry: fast }).getVideo$('sora_1'));
    expect(error).toMatchObject({ code, status });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 200 whose body is not JSON, as a proxy sends: the next answer is decoded', async () => {
    const server = await startScriptedServer(text('not json'), json(wireTask()));
    const task = await lastValueFrom(clientOf(server, { retry: fast }).getVideo$('sora_1'));
    expect(task.id).toBe('sora_1');
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a task with an unknown status', async () => {
    const server = await startScriptedServer(
      json(wireTask({ status: 'mystery' })),
      json(wireTask()),
    );
    const error = await errorOf(clientOf(server, { retry: fast }).getVideo$('sora_1'));
    expect(error).toMatchObject({ code: 'SORA_DECODE', retryable: false });
    expect(server.requests).toHaveLength(1);
  });
});

describe('task ids in the URL', () => {
  it.each([
    ['a/b', 'a%2Fb'],
    ['a?b#c', 'a%3Fb%23c'],
    ['%2e%2e', '%252e%252e'],
    ['ü space', '%C3%BC%20space'],
    ['..a', '..a'],
  ])('sends %j percent-encoded in one path segment', async (id, encoded) => {
    const server = await startScriptedServer(json(wireTask({ id })));
    const task = await lastValueFrom(clientOf(server).getVideo$(id));
    expect(task.id).toBe(id);
    expect(server.requests.map((r) => r.url)).toEqual([`/v1/videos/${encoded}`]);
  });

  it.each([[''], ['.'], ['..']])(
    'refuses the id %j with SORA_INVALID_TASK_ID before any request',
    async (id) => {
      const server = await startScriptedServer(json(wireTask()));
      const sora = clientOf(server);
      const error = await errorOf(() => sora.getVideo$(id));
      expect(error).toMatchObject({ code: 'SORA_INVALID_TASK_ID', taskId: id });
      expect((error as Error).message).toContain('`id`');
      const watchError = await errorOf(() => sora.videoStatus$(id));
      expect(watchError).toMatchObject({ code: 'SORA_INVALID_TASK_ID', taskId: id });
      expect(server.requests).toHaveLength(0);
    },
  );
});

describe('environment defaults', () => {
  it('reads SORA_BASE_URL and SORA_API_KEY when the options are omitted', async () => {
    const server = await startScriptedServer(json(wireTask()));
    const saved = { url: process.env.SORA_BASE_URL, key: process.env.SORA_API_KEY };
    process.env.SORA_BASE_URL = server.baseUrl;
    process.env.SORA_API_KEY = 'sk-from-env-123';
    try {
      const sora = createSoraClient();
      expect(sora.baseUrl).toBe(server.baseUrl);
      await firstValueFrom(sora.getVideo$('sora_1'));
    } finally {
      restoreEnv('SORA_BASE_URL', saved.url);
      restoreEnv('SORA_API_KEY', saved.key);
    }
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-from-env-123');
  });

  it('prefers the options over the environment', async () => {
    const server = await startScriptedServer(json(wireTask()));
    const saved = { url: process.env.SORA_BASE_URL, key: process.env.SORA_API_KEY };
    process.env.SORA_BASE_URL = 'http://127.0.0.1:1/v9';
    process.env.SORA_API_KEY = 'sk-from-env-123';
    try {
      await firstValueFrom(
        createSoraClient({ baseUrl: server.baseUrl, apiKey }).getVideo$('sora_1'),
      );
    } finally {
      restoreEnv('SORA_BASE_URL', saved.url);
      restoreEnv('SORA_API_KEY', saved.key);
    }
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
