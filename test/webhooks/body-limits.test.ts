import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createWebhookReceiver,
  type SoraWebhookError,
  type WebhookReceiverOptions,
} from '../../src/webhooks/index.js';
import { newSecret, signedHeaders } from './sign.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const secret = newSecret();
const soon = { timeout: 5_000, interval: 5 };
let server: Server | undefined;
const clients: Socket[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  server?.closeAllConnections();
  if (server !== undefined) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/**
 * A receiver served on 127.0.0.1, with what it refused and the server's side of each
 * connection, to measure how many bytes it read and whether it closed.
 */
async function serveReceiver(options: Partial<WebhookReceiverOptions>) {
  const rejected: SoraWebhookError[] = [];
  const receiver = createWebhookReceiver({
    secret,
    onRejected: (error) => rejected.push(error),
    ...options,
  });
  const sockets: Socket[] = [];
  server = createServer(receiver.handler);
  server.on('connection', (socket: Socket) => sockets.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, rejected, sockets };
}

/** A client connection that records what it was answered and when the server closed it. */
async function open(port: number) {
  const socket = connect(port, '127.0.0.1');
  clients.push(socket);
  await once(socket, 'connect');
  const state = { answer: '', closed: false, written: 0 };
  socket.on('data', (chunk: Buffer) => {
    state.answer += chunk.toString('latin1');
  });
  socket.on('error', () => {}); // A reset once the server closes is the point here.
  socket.on('close', () => {
    state.closed = true;
  });
  /** Writes, waiting for the socket to drain; false once the connection is gone. */
  const write = async (data: string | Buffer): Promise<boolean> => {
    if (state.closed || socket.destroyed) return false;
    state.written += data.length;
    if (socket.write(data)) return true;
    await Promise.race([once(socket, 'drain'), once(socket, 'close')]).catch(() => {});
    return !state.closed && !socket.destroyed;
  };
  return { socket, state, write };
}

const head = (lines: string[]) =>
  `POST /hooks HTTP/1.1\r\nhost: 127.0.0.1\r\n${lines.join('\r\n')}\r\n\r\n`;

describe('the receiver stops reading at maxBodyBytes and closes the connection', () => {
  it('reads no more than about maxBodyBytes of a 200 MiB chunked upload, then closes', async () => {
    const { port, rejected, sockets } = await serveReceiver({ maxBodyBytes: 256 * KiB });
    const { state, write } = await open(port);
    const chunk = Buffer.alloc(64 * KiB, 'a');
    const framed = Buffer.concat([
      Buffer.from(`${chunk.length.toString(16)}\r\n`),
      chunk,
      Buffer.from('\r\n'),
    ]);
    let going = await write(head(['content-type: application/json', 'transfer-encoding: chunked']));
    while (going && state.written < 200 * MiB) going = await write(framed);
    await vi.waitFor(() => expect(state.closed).toBe(true), soon);
    const [side] = sockets as [Socket];
    await vi.waitFor(() => expect(side.destroyed).toBe(true), soon);
    expect(rejected.map((error) => error.reason)).toEqual(['too-large']);
    // The server read the cap and what was on its way, never the 200 MiB.
    expect(side.bytesRead).toBeLessThan(256 * KiB + 1 * MiB);
    expect(state.written).toBeLessThan(100 * MiB);
    if (state.answer !== '') expect(state.answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('refuses a declared 200 MiB body with 413 before reading it, and closes', async () => {
    const { port, rejected, sockets } = await serveReceiver({ maxBodyBytes: 256 * KiB });
    const { state, write } = await open(port);
    await write(head(['content-type: application/json', `content-length: ${200 * MiB}`]));
    await vi.waitFor(() => expect(state.answer).toMatch(/^HTTP\/1\.1 413 /), soon);
    expect(state.answer).toMatch(/\r\nconnection: close\r\n/i);
    let going = true;
    while (going && state.written < 200 * MiB) going = await write(Buffer.alloc(64 * KiB, 'a'));
    await vi.waitFor(() => expect(state.closed).toBe(true), soon);
    const [side] = sockets as [Socket];
    expect(side.bytesRead).toBeLessThan(64 * KiB);
    expect(state.written).toBeLessThan(100 * MiB);
    expect(rejected.map((error) => error.reason)).toEqual(['too-large']);
  });
});

describe('the receiver gives the body a deadline', () => {
  it('answers 408 and closes when a body stalls past bodyTimeoutMs', async () => {
    const { port, rejected } = await serveReceiver({ bodyTimeoutMs: 40 });
    const { state, write } = await open(port);
    await write(`${head(['content-type: application/json', 'content-length: 100'])}{"type":`);
    await vi.waitFor(() => expect(state.closed).toBe(true), soon);
    expect(state.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(state.answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(rejected.map((error) => [error.reason, error.statusCode])).toEqual([
      ['body-timeout', 408],
    ]);
  });

  it('closes a body that trickles a byte at a time, each sooner than the deadline', async () => {
    const { port, rejected } = await serveReceiver({ bodyTimeoutMs: 60 });
    const { state, write } = await open(port);
    await write(head(['content-type: application/json', 'content-length: 100000']));
    // A byte every 5 ms never lets the connection idle for 60 ms: only a deadline on the whole
    // body ends it.
    const trickle = setInterval(() => void write('a'), 5);
    try {
      await vi.waitFor(() => expect(state.closed).toBe(true), soon);
    } finally {
      clearInterval(trickle);
    }
    expect(state.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(rejected.map((error) => error.reason)).toEqual(['body-timeout']);
  });

  it('still takes a webhook whose body comes within the deadline', async () => {
    const { port, rejected } = await serveReceiver({ bodyTimeoutMs: 5_000 });
    const body = JSON.stringify({ type: 'video.completed', data: { id: 'sora_1' } });
    const headers = Object.entries(signedHeaders(body, [secret])).map(([k, v]) => `${k}: ${v}`);
    const { state, write } = await open(port);
    await write(
      head([...headers, 'content-type: application/json', `content-length: ${body.length}`]),
    );
    await write(body);
    await vi.waitFor(() => expect(state.answer).toMatch(/^HTTP\/1\.1 204 /), soon);
    expect(state.answer).not.toMatch(/connection: close/i);
    expect(rejected).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '10s'])(
    'refuses bodyTimeoutMs %s with a TypeError naming it',
    (bodyTimeoutMs) => {
      expect(() =>
        createWebhookReceiver({ secret, bodyTimeoutMs: bodyTimeoutMs as number }),
      ).toThrow(/`bodyTimeoutMs`/);
    },
  );

  it('takes bodyTimeoutMs undefined as the default', () => {
    expect(() => createWebhookReceiver({ secret, bodyTimeoutMs: undefined })).not.toThrow();
  });
});

describe('handle() applies maxBodyBytes too', () => {
  it('refuses a 5 MiB body with 413 when maxBodyBytes is 256 KiB, and emits nothing', () => {
    const rejected: SoraWebhookError[] = [];
    const receiver = createWebhookReceiver({
      secret,
      maxBodyBytes: 256 * KiB,
      onRejected: (error) => rejected.push(error),
    });
    const events: unknown[] = [];
    receiver.events$.subscribe((event) => events.push(event));
    const body = JSON.stringify({
      type: 'video.completed',
      data: { id: 'sora_1', padding: 'x'.repeat(5 * MiB) },
    });
    const outcome = receiver.handle(body, signedHeaders(body, [secret]));
    expect(outcome.status).toBe(413);
    expect(outcome.error?.reason).toBe('too-large');
    expect(rejected.map((error) => error.reason)).toEqual(['too-large']);
    expect(
      receiver.handle(new TextEncoder().encode(body), signedHeaders(body, [secret])).status,
    ).toBe(413);
    expect(events).toEqual([]);
  });

  it('counts a string body in bytes, not characters', () => {
    const receiver = createWebhookReceiver({ secret, maxBodyBytes: 1_000 });
    // 400 characters of three bytes each: 1,200 bytes once sent.
    const body = JSON.stringify({ type: 'video.completed', data: { id: '€'.repeat(400) } });
    expect(body.length).toBeLessThan(1_000);
    expect(receiver.handle(body, signedHeaders(body, [secret])).status).toBe(413);
  });
});
