import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { VideoTaskEvent } from 'sora-rx';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookReceiver,
  type SoraWebhookError,
  type WebhookReceiver,
} from '../../src/webhooks/index.js';
import { newSecret, signedHeaders } from './sign.js';

/** The little of Express these tests use (it comes with @nestjs/platform-express, without types). */
type Handler = (req: never, res: never, next: () => void) => void;
interface ExpressApp {
  (req: never, res: never): void;
  post(path: string, ...handlers: Handler[]): void;
}
const express = createRequire(import.meta.url)('express') as {
  (): ExpressApp;
  raw(options: { type: string }): Handler;
  json(): Handler;
};

const secret = newSecret();
const completed = JSON.stringify({ type: 'video.completed', data: { id: 'sora_1' } });
let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  if (server !== undefined) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** Serves `listener` on 127.0.0.1 and resolves with the URL to post to. */
async function serve(listener: unknown): Promise<string> {
  server = createServer(listener as Parameters<typeof createServer>[1]);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
}

/** Posts `body` with `headers`: the status and the text of the answer. */
async function post(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: res.status, text: await res.text() };
}

/** A receiver whose events and refusals are recorded. */
function recordingReceiver(extra: { rememberIds?: number; maxBodyBytes?: number } = {}) {
  const events: VideoTaskEvent[] = [];
  const rejected: SoraWebhookError[] = [];
  const receiver: WebhookReceiver = createWebhookReceiver({
    secret,
    onRejected: (error) => rejected.push(error),
    ...extra,
  });
  receiver.events$.subscribe((event) => events.push(event));
  return { receiver, events, rejected };
}

describe('createWebhookReceiver on node:http', () => {
  it('answers 204 to a signed webhook and emits its event', async () => {
    const { receiver, events } = recordingReceiver();
    const url = await serve(receiver.handler);
    expect(await post(url, completed, signedHeaders(completed, [secret]))).toEqual({
      status: 204,
      text: '',
    });
    expect(events).toEqual([{ id: 'sora_1', status: 'completed' }]);
  });

  it('answers 400 to a badly signed webhook, emits nothing, and never shows the secret', async () => {
    const { receiver, events, rejected } = recordingReceiver();
    const url = await serve(receiver.handler);
    const answer = await post(url, completed, signedHeaders(completed, [newSecret()]));
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain(secret.slice(6));
    expect(events).toEqual([]);
    expect(rejected.map((error) => error.reason)).toEqual(['bad-signature']);
    expect(JSON.stringify(rejected) + rejected[0]?.stack).not.toContain(secret.slice(6));
  });

  it('answers 400 to an unsigned webhook', async () => {
    const { receiver, events } = recordingReceiver();
    const url = await serve(receiver.handler);
    expect((await post(url, completed, {})).status).toBe(400);
    expect(events).toEqual([]);
  });

  it('drops a delivery of a message seen before, answering 204 so that the sender stops', async () => {
    const { receiver, events } = recordingReceiver();
    const url = await serve(receiver.handler);
    const headers = signedHeaders(completed, [secret], { id: 'msg_7' });
    expect((await post(url, completed, headers)).status).toBe(204);
    expect((await post(url, completed, headers)).status).toBe(204);
    expect(events).toHaveLength(1);
  });

  it('remembers only the last `rememberIds` message ids', () => {
    const { receiver, events } = recordingReceiver({ rememberIds: 2 });
    for (const id of ['a', 'b', 'c', 'a', 'c']) {
      receiver.handle(completed, signedHeaders(completed, [secret], { id }));
    }
    // `a` was forgotten when `c` came, so its second delivery passes; `c`'s does not.
    expect(events).toHaveLength(4);
  });

  it('answers 413 to a body over `maxBodyBytes`, and emits nothing', async () => {
    const { receiver, events, rejected } = recordingReceiver({ maxBodyBytes: 64 });
    const url = await serve(receiver.handler);
    const big = JSON.stringify({ type: 'video.completed', data: { id: 'x'.repeat(100) } });
    expect((await post(url, big, signedHeaders(big, [secret]))).status).toBe(413);
    expect(events).toEqual([]);
    expect(rejected[0]?.reason).toBe('too-large');
  });

  it('answers 405 to a GET', async () => {
    const { receiver } = recordingReceiver();
    const url = await serve(receiver.handler);
    expect((await fetch(url)).status).toBe(405);
  });

  it('answers 204 to a valid webhook of another kind, and emits nothing', async () => {
    const { receiver, events } = recordingReceiver();
    const url = await serve(receiver.handler);
    const other = JSON.stringify({ type: 'invoice.paid', data: { id: 'in_1' } });
    expect((await post(url, other, signedHeaders(other, [secret]))).status).toBe(204);
    expect(events).toEqual([]);
  });

  it('answers 204 to signed events of other kinds and emits none of them, only the video one', async () => {
    const { receiver, events, rejected } = recordingReceiver();
    const url = await serve(receiver.handler);
    const kinds = [
      'batch.completed',
      'response.cancelled',
      'fine_tuning.job.succeeded',
      'eval.run.failed',
    ];
    for (const [n, type] of [...kinds, 'video.completed'].entries()) {
      const body = JSON.stringify({
        object: 'event',
        id: `evt_${n}`,
        type,
        data: { id: `obj_${n}` },
      });
      expect(
        (await post(url, body, signedHeaders(body, [secret], { id: `msg_${n}` }))).status,
      ).toBe(204);
    }
    expect(events).toEqual([{ id: 'obj_4', status: 'completed' }]);
    expect(rejected).toEqual([]);
  });

  it('throws TypeErrors naming bad options', () => {
    expect(() => createWebhookReceiver({ secret: [] })).toThrow(/`secret`/);
    expect(() => createWebhookReceiver({ secret: 'whsec_AA==' })).toThrow(/`secret`/);
    expect(() => createWebhookReceiver({ secret: 'password', scheme: 'openrouter' })).toThrow(
      /`secret`/,
    );
    expect(() => createWebhookReceiver({ secret, maxBodyBytes: 0 })).toThrow(/`maxBodyBytes`/);
    expect(() => createWebhookReceiver({ secret, rememberIds: 1.5 })).toThrow(/`rememberIds`/);
  });

  it('says the range of a bad number, and takes the ends of that range', () => {
    expect(() => createWebhookReceiver({ secret, maxBodyBytes: 0 })).toThrow(
      'Expected `maxBodyBytes` to be a whole number of at least 1, got 0',
    );
    expect(() => createWebhookReceiver({ secret, bodyTimeoutMs: 2 ** 31 })).toThrow(
      'Expected `bodyTimeoutMs` to be a whole number from 1 to 2147483647, got 2147483648',
    );
    expect(() => createWebhookReceiver({ secret, rememberIds: '5' as unknown as number })).toThrow(
      'Expected `rememberIds` to be a whole number of at least 1, got 5',
    );
    expect(() =>
      createWebhookReceiver({
        secret,
        maxBodyBytes: 1,
        bodyTimeoutMs: 2 ** 31 - 1,
        rememberIds: 1,
      }),
    ).not.toThrow();
    expect(() =>
      createWebhookReceiver({ secret, onRejected: 'log' as unknown as () => void }),
    ).toThrow('Expected `onRejected` to be a function');
  });

  it('takes a list of secrets, as when rotating', () => {
    const next = newSecret();
    const events: VideoTaskEvent[] = [];
    const receiver = createWebhookReceiver({ secret: [secret, next] });
    receiver.events$.subscribe((event) => events.push(event));
    expect(receiver.handle(completed, signedHeaders(completed, [next])).status).toBe(204);
    expect(events).toEqual([{ id: 'sora_1', status: 'completed' }]);
  });

  it('takes a body of exactly `maxBodyBytes` bytes', () => {
    const { receiver, events } = recordingReceiver({
      maxBodyBytes: Buffer.byteLength(completed),
    });
    expect(receiver.handle(completed, signedHeaders(completed, [secret])).status).toBe(204);
    expect(events).toHaveLength(1);
  });

  it('answers 405 with `Allow: POST`, and a refusal as plain text', async () => {
    const { receiver } = recordingReceiver();
    const url = await serve(receiver.handler);
    const res = await fetch(url);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const refused = await fetch(url, { method: 'POST', body: completed });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await refused.text()).toBe('The webhook has no `webhook-id` header');
  });
});

describe('createWebhookReceiver in Express', () => {
  it('works mounted before any body parser, and after express.raw()', async () => {
    const { receiver, events } = recordingReceiver();
    const app = express();
    app.post('/hooks', receiver.handler);
    app.post('/raw', express.raw({ type: 'application/json' }), receiver.handler);
    const url = await serve(app);
    expect(
      (await post(url, completed, signedHeaders(completed, [secret], { id: '1' }))).status,
    ).toBe(204);
    const raw = url.replace('/hooks', '/raw');
    expect(
      (await post(raw, completed, signedHeaders(completed, [secret], { id: '2' }))).status,
    ).toBe(204);
    expect(events).toHaveLength(2);
  });

  it('answers 400 with a hint when a JSON parser took the body first', async () => {
    const { receiver, events, rejected } = recordingReceiver();
    const app = express();
    app.post('/hooks', express.json(), receiver.handler);
    const url = await serve(app);
    const answer = await post(url, completed, signedHeaders(completed, [secret]));
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/raw body/);
    expect(rejected[0]?.reason).toBe('no-raw-body');
    expect(events).toEqual([]);
  });
});
