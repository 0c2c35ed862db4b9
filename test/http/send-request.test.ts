import { lastValueFrom, Observable, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { SoraServerError } from '../../src/errors/response-errors.js';
import type { HttpRequest, HttpTransport } from '../../src/http/http-transport.js';
import { sendRequest } from '../../src/http/send-request.js';

const request: HttpRequest = {
  method: 'GET',
  url: 'https://gateway.example/v1/videos/sora_1',
  headers: {},
  maxBodyBytes: 1024,
};

describe('sendRequest', () => {
  it('emits a successful response and completes', async () => {
    const transport: HttpTransport = () => of({ status: 200, headers: {}, body: '{}' });
    await expect(lastValueFrom(sendRequest(transport, request))).resolves.toMatchObject({
      status: 200,
    });
  });

  it('fails with SORA_NETWORK when the transport completes without a response', async () => {
    const transport: HttpTransport = () => new Observable((subscriber) => subscriber.complete());
    await expect(lastValueFrom(sendRequest(transport, request))).rejects.toMatchObject({
      code: 'SORA_NETWORK',
      message: expect.stringContaining('the transport completed without a response'),
    });
  });

  it.each([
    ['an Error', new Error('socket hang up'), 'socket hang up'],
    ['a string', 'socket hang up', 'socket hang up'],
  ])(
    'wraps %s thrown by the transport itself in SORA_NETWORK, keeping the cause',
    async (_name, thrown, detail) => {
      const transport: HttpTransport = () => {
        throw thrown;
      };
      await expect(lastValueFrom(sendRequest(transport, request))).rejects.toMatchObject({
        code: 'SORA_NETWORK',
        message: expect.stringContaining(detail),
        cause: thrown,
      });
    },
  );

  it('passes a sora-rx error of the transport through unchanged', async () => {
    const error = new SoraServerError({ method: 'GET', url: request.url, status: 503 });
    const transport: HttpTransport = () => throwError(() => error);
    await expect(lastValueFrom(sendRequest(transport, request))).rejects.toBe(error);
  });
});
