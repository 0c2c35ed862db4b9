import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readRawBody } from '../../src/webhooks/read-raw-body.js';
import { SoraWebhookError } from '../../src/webhooks/webhook-error.js';

const limits = { maxBytes: 8, timeoutMs: 50 };
const EVENTS = ['data', 'end', 'error', 'close'] as const;

/** A request as Node makes it, whose body the test pushes. */
function request(
  headers: Record<string, string> = {},
  kept: { body?: unknown; rawBody?: unknown } = {},
): IncomingMessage & { body?: unknown; rawBody?: unknown } {
  const req = Object.assign(new IncomingMessage(new Socket()), kept);
  req.headers = headers;
  return req;
}

const listeners = (req: IncomingMessage) => EVENTS.map((name) => req.listenerCount(name));

afterEach(() => {
  vi.useRealTimers();
});

describe('readRawBody', () => {
  it.each([
    ['a string body', { body: '12345678' }],
    ['a raw body before a parsed one', { rawBody: Buffer.from('12345678'), body: { a: 1 } }],
    ['a body of bytes', { body: new TextEncoder().encode('12345678') }],
  ])('takes %s a framework kept, up to maxBytes exactly', async (_, kept) => {
    const bytes = await readRawBody(request({}, kept), limits);
    expect(Buffer.from(bytes).toString('utf8')).toBe('12345678');
  });

  it('refuses a kept body one byte over maxBytes, counting a string in UTF-8', async () => {
    await expect(readRawBody(request({}, { body: '1234567é' }), limits)).rejects.toMatchObject({
      reason: 'too-large',
      statusCode: 413,
      message: 'The webhook body exceeds 8 bytes',
    });
  });

  it.each([
    ['parsed by a JSON parser', (req: IncomingMessage) => Object.assign(req, { body: { a: 1 } })],
    [
      'read to its end already',
      (req: IncomingMessage) => {
        req.push(null);
        req.resume();
        return new Promise<IncomingMessage>((resolve) => req.once('end', () => resolve(req)));
      },
    ],
  ])('refuses a body %s: no-raw-body', async (_, prepare) => {
    const req = await prepare(request());
    await expect(readRawBody(req, limits)).rejects.toMatchObject({
      reason: 'no-raw-body',
      statusCode: 400,
    });
  });

  it('reads a body of maxBytes exactly, declared so, and lets go of the request after', async () => {
    vi.useFakeTimers();
    const req = request({ 'content-length': '8' });
    const before = listeners(req);
    const read = readRawBody(req, limits);
    req.push(Buffer.from('1234'));
    req.push(Buffer.from('5678'));
    req.push(null);
    expect(Buffer.from(await read).toString('utf8')).toBe('12345678');
    expect(listeners(req)).toEqual(before);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses a declared length over maxBytes before reading', async () => {
    const req = request({ 'content-length': '9' });
    await expect(readRawBody(req, limits)).rejects.toMatchObject({ reason: 'too-large' });
    expect(req.listenerCount('data')).toBe(0);
  });

  it('stops at the first byte over maxBytes, paused, its listeners and timer gone', async () => {
    vi.useFakeTimers();
    const req = request();
    const before = listeners(req);
    const read = readRawBody(req, limits);
    req.push(Buffer.from('123456789'));
    await expect(read).rejects.toMatchObject({ reason: 'too-large', statusCode: 413 });
    expect(req.isPaused()).toBe(true);
    expect(listeners(req)).toEqual(before);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up at timeoutMs with 408, saying how long it waited', async () => {
    vi.useFakeTimers();
    const req = request();
    const read = readRawBody(req, limits);
    const outcome = expect(read).rejects.toMatchObject({
      reason: 'body-timeout',
      statusCode: 408,
      message: 'The webhook body did not all come within 50 ms',
    });
    vi.advanceTimersByTime(49);
    req.push(Buffer.from('1'));
    vi.advanceTimersByTime(1);
    await outcome;
    expect(req.isPaused()).toBe(true);
  });

  it('fails with the stream error, and when the sender goes away before the end', async () => {
    vi.useFakeTimers();
    const broken = request();
    const failed = readRawBody(broken, limits);
    broken.emit('error', new Error('reset'));
    await expect(failed).rejects.toThrow('reset');
    const gone = request();
    const closed = readRawBody(gone, limits);
    gone.emit('close');
    const error = await closed.catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(SoraWebhookError);
    expect((error as Error).message).toBe('The connection closed before the body ended');
    expect(vi.getTimerCount()).toBe(0);
  });
});
