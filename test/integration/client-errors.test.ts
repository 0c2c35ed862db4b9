import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { SoraClient } from '../../src/client/sora-client.js';
import { errorOf } from '../helpers/observe.js';
import {
  json,
  type ScriptedHandler,
  type ScriptedServer,
  startScriptedServer,
  text,
  wireTask,
} from '../helpers/scripted-server.js';

let server: ScriptedServer;
let sora: SoraClient;

beforeAll(async () => {
  server = await startScriptedServer(json(wireTask()));
  sora = createSoraClient({
    baseUrl: server.baseUrl,
    apiKey: 'sk-test-k',
    // A 429 pauses every request of a client for its Retry-After, clamped to maxRetryAfterMs: these
    // tests share one client and check the 429s themselves, not the pause.
    retry: { maxRetries: 0, maxRetryAfterMs: 0 },
  });
});
afterAll(() => server.close());
beforeEach(() => server.script(json(wireTask())));

/** The error of one `getVideo$` against a server that answers with `handler`; it must send one request. */
async function errorFor(handler: ScriptedHandler): Promise<Record<string, unknown>> {
  server.script(handler);
  const before = server.requests.length;
  const error = await errorOf(sora.getVideo$('sora_1'));
  expect(server.requests.length - before).toBe(1);
  expect(error).toBeInstanceOf(Error);
  return error as Record<string, unknown>;
}

const htmlPage = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title>
<style>body { color: red }</style><script>var x = "<b>";</script></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`;

describe('status mapping over the wire', () => {
  it.each([
    [401, 'SORA_AUTH', false],
    [403, 'SORA_AUTH', false],
    [404, 'SORA_NOT_FOUND', false],
    [500, 'SORA_SERVER', true],
    [502, 'SORA_SERVER', true],
    [503, 'SORA_SERVER', true],
    [400, 'SORA_HTTP', false],
    [422, 'SORA_HTTP', false],
    [408, 'SORA_HTTP', true],
  ])('maps %i to %s', async (status, code, retryable) => {
    const error = await errorFor(json({ error: { message: `problem ${status}` } }, status));
    expect(error).toMatchObject({
      code,
      status,
      retryable,
      method: 'GET',
      url: `${server.baseUrl}/videos/sora_1`,
      bodyExcerpt: `problem ${status}`,
    });
    expect(error.message).toContain(`answered ${status}`);
  });

  it.each([
    [400, 'SORA_HTTP'],
    [422, 'SORA_HTTP'],
  ])('keeps the status, a body excerpt and x-request-id of a %i', async (status, code) => {
    const error = await errorFor(
      json(
        { error: { message: 'seconds must be 10, 15 or 25', type: 'invalid_request' } },
        status,
        {
          'x-request-id': 'req_abc123',
        },
      ),
    );
    expect(error).toMatchObject({
      code,
      status,
      requestId: 'req_abc123',
      bodyExcerpt: 'seconds must be 10, 15 or 25',
    });
    expect(error.message).toContain('seconds must be 10, 15 or 25');
    expect(error.message).toContain('req_abc123');
  });

  it.each([
    ['Retry-After: 7', { 'retry-after': '7' }, 7000],
    ['retry-after-ms: 1500', { 'retry-after-ms': '1500' }, 1500],
    ['retry-after-ms over Retry-After', { 'retry-after-ms': '250', 'retry-after': '9' }, 250],
  ])('maps a 429 with %s to SORA_RATE_LIMITED with retryAfterMs', async (_name, headers, ms) => {
    const error = await errorFor(json({ error: 'rate limited' }, 429, headers));
    expect(error).toMatchObject({ code: 'SORA_RATE_LIMITED', status: 429, retryAfterMs: ms });
  });

  it('reads a Retry-After HTTP date as the time until that date', async () => {
    const date = new Date(Date.now() + 60_000).toUTCString();
    const error = await errorFor(json({ error: 'rate limited' }, 429, { 'retry-after': date }));
    expect(error.code).toBe('SORA_RATE_LIMITED');
    // An HTTP date has whole seconds: the wait is a little under a minute, and certainly positive.
    expect(error.retryAfterMs).toBeGreaterThan(30_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('maps a 429 without a readable Retry-After to retryAfterMs undefined', async () => {
    const error = await errorFor(json({ error: 'x' }, 429, { 'retry-after': 'soon' }));
    expect(error).toMatchObject({ code: 'SORA_RATE_LIMITED', retryAfterMs: undefined });
  });

  it('turns an HTML 502 page into SORA_SERVER with a readable excerpt, without tags or scripts', async () => {
    const error = await errorFor(text(htmlPage, 502, { 'content-type': 'text/html' }));
    expect(error).toMatchObject({ code: 'SORA_SERVER', status: 502 });
    expect(error.bodyExcerpt).toBe('502 Bad Gateway 502 Bad Gateway nginx');
    expect(error.message).not.toMatch(/[<>]/);
    expect(error.message).not.toContain('var x');
  });

  it('cuts a long error body to a short excerpt', async () => {
    const error = await errorFor(text('y'.repeat(10_000), 500));
    expect(String(error.bodyExcerpt).length).toBeLessThanOrEqual(201);
    expect(String(error.message).length).toBeLessThan(400);
  });
});

describe('decode failures over the wire', () => {
  it('fails a 200 HTML body with SORA_DECODE naming HTML and the content-type', async () => {
    const error = await errorFor(
      text('<html><body>Welcome</body></html>', 200, { 'content-type': 'text/html' }),
    );
    expect(error).toMatchObject({ code: 'SORA_DECODE', retryable: true });
    expect(error.message).toContain('expected JSON, got HTML (text/html)');
  });

  it('fails a 200 malformed JSON body with SORA_DECODE', async () => {
    const error = await errorFor(
      text('{"id":"sora_1",', 200, { 'content-type': 'application/json' }),
    );
    expect(error).toMatchObject({ code: 'SORA_DECODE', value: '{"id":"sora_1",' });
    expect(error.message).toContain('expected JSON, got text (application/json)');
  });

  it('fails an empty 200 body with SORA_DECODE', async () => {
    const error = await errorFor(text('', 200));
    expect(error.code).toBe('SORA_DECODE');
  });

  it('fails an unknown status with SORA_DECODE naming `status`, the value, and the statusAliases option', async () => {
    const error = await errorFor(json(wireTask({ status: 'mystery' })));
    expect(error).toMatchObject({ code: 'SORA_DECODE', retryable: false });
    expect(error.report).toEqual([expect.stringMatching(/^status: got "mystery", expected /)]);
    expect(error.message).toContain('status');
    expect(error.message).toContain('"mystery"');
    expect(error.message).toContain('statusAliases');
  });

  // Alias lookup is case-insensitive, so these are the lower-case names every object inherits.
  it.each([['constructor'], ['__proto__']])(
    'fails the status %j, a name every object inherits, with SORA_DECODE naming it',
    async (status) => {
      const error = await errorFor(json(wireTask({ status })));
      expect(error.code).toBe('SORA_DECODE');
      expect(error.message).toContain(`"${status}"`);
    },
  );

  it('names every missing field of a JSON body that is not a task', async () => {
    const error = await errorFor(json({ hello: 'world' }));
    expect(error.code).toBe('SORA_DECODE');
    for (const field of ['id', 'status']) {
      expect(error.message).toContain(`${field}: got undefined`);
    }
    // Only the id and the status are required of a gateway.
    for (const field of ['object', 'created', 'model']) {
      expect(error.message).not.toContain(`${field}: got undefined`);
    }
  });
});

describe('gateway dialects decode over the wire', () => {
  async function taskFor(body: unknown, client = sora) {
    server.script(json(body));
    return lastValueFrom(client.getVideo$('video_1'));
  }

  it("decodes OpenAI's shape: object video, created_at, in_progress, progress", async () => {
    const task = await taskFor({
      id: 'video_1',
      object: 'video',
      created_at: 1761635478,
      completed_at: null,
      expires_at: null,
      model: 'sora-2',
      status: 'in_progress',
      progress: 42,
      size: '1280x720',
      seconds: '10',
    });
    expect(task).toMatchObject({
      id: 'video_1',
      object: 'video',
      created: 1761635478,
      status: 'processing',
      progress: 42,
      video_url: null,
      error: null,
    });
  });

  it("decodes OpenRouter's poll answer: only id, polling_url and status", async () => {
    const task = await taskFor({
      id: 'video_1',
      polling_url: `${server.baseUrl}/videos/video_1`,
      status: 'in_progress',
    });
    expect(task).toMatchObject({ id: 'video_1', status: 'processing', video_url: null });
  });

  it('decodes an OpenAI failure with error: { code, message } to the message', async () => {
    const task = await taskFor({
      id: 'video_1',
      object: 'video',
      created_at: 1761635478,
      model: 'sora-2',
      status: 'failed',
      error: { code: 'moderation_blocked', message: 'Your request was blocked.' },
    });
    expect(task).toMatchObject({ status: 'failed', error: 'Your request was blocked.' });
  });

  it.each([
    ['queued', 'NOT_START'],
    ['queued', 'pending'],
    ['processing', 'running'],
    ['processing', 'IN_PROGRESS'],
    ['completed', 'succeeded'],
    ['completed', 'SUCCESS'],
    ['failed', 'expired'],
    ['failed', 'cancelled'],
  ])('maps the status alias to %s from %j', async (expected, status) => {
    const task = await taskFor(
      wireTask({
        id: 'video_1',
        status,
        video_url: expected === 'completed' ? 'https://cdn.test/v.mp4' : null,
      }),
    );
    expect(task.status).toBe(expected);
    if (expected === 'failed') expect(task.error).toContain(`status "${status}"`);
  });

  it('applies the client statusAliases option over the wire', async () => {
    const custom = createSoraClient({
      baseUrl: server.baseUrl,
      apiKey: 'sk-test-k',
      retry: { maxRetries: 0 },
      statusAliases: { Generating: 'processing' },
    });
    const task = await taskFor(wireTask({ id: 'video_1', status: 'generating' }), custom);
    expect(task.status).toBe('processing');
  });

  it('passes unknown extra fields through', async () => {
    const task = await taskFor(wireTask({ id: 'video_1', seconds: '10', size: '1280x720' }));
    expect(task).toMatchObject({ seconds: '10', size: '1280x720' });
  });
});
