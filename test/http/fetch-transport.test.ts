import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { fetchTransport } from '../../src/http/fetch-transport.js';
import { type SoraSimulator, startSoraSimulator } from '../../src/testing/simulator/index.js';

let sim: SoraSimulator | undefined;
let server: Server | undefined;
afterEach(async () => {
  await sim?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  sim = undefined;
  server = undefined;
});

describe('fetchTransport', () => {
  it('gets and decodes a task through the standard fetch', async () => {
    sim = await startSoraSimulator({ clock: 'manual' });
    const { id } = sim.createTask({ status: 'completed' });
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      transport: fetchTransport(),
    });
    expect(await firstValueFrom(sora.getVideo$(id))).toMatchObject({ id, status: 'completed' });
  });

  it('maps a wrong key to SORA_AUTH', async () => {
    sim = await startSoraSimulator({ clock: 'manual' });
    const { id } = sim.createTask();
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: 'sk-wrong',
      transport: fetchTransport(),
    });
    await expect(lastValueFrom(sora.getVideo$(id))).rejects.toMatchObject({
      code: 'SORA_AUTH',
      status: 401,
    });
  });

  it('aborts the request when unsubscribed, as the server sees it', async () => {
    let received: () => void = () => {};
    const sawRequest = new Promise<void>((resolve) => {
      received = resolve;
    });
    // The server never answers: only an abort from the client can close the response.
    let response: 'open' | 'closed unanswered' | 'answered' = 'open';
    server = createServer((req, res) => {
      res.on('close', () => {
        response = res.writableFinished ? 'answered' : 'closed unanswered';
      });
      req.resume();
      received();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const transport = fetchTransport();
    const notifications: string[] = [];
    const subscription = transport({
      method: 'GET',
      url: `http://127.0.0.1:${port}/v1/videos/x`,
      headers: {},
      maxBodyBytes: 1024,
    }).subscribe({
      next: () => notifications.push('next'),
      error: (error: unknown) => notifications.push(`error ${String(error)}`),
      complete: () => notifications.push('complete'),
    });
    await sawRequest;
    expect(response).toBe('open');

    subscription.unsubscribe();

    await expect.poll(() => response, { timeout: 5_000, interval: 10 }).toBe('closed unanswered');
    expect(notifications).toEqual([]);
  });

  it('stops reading a body over maxBodyBytes', async () => {
    server = createServer((_req, res) => {
      res.write('x'.repeat(4096));
      res.end('x'.repeat(4096));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const response$ = fetchTransport()({
      method: 'GET',
      url: `http://127.0.0.1:${port}/`,
      headers: {},
      maxBodyBytes: 1000,
    });
    await expect(lastValueFrom(response$)).rejects.toMatchObject({
      code: 'SORA_RESPONSE_TOO_LARGE',
    });
  });

  it('maps a refused connection to SORA_NETWORK', async () => {
    const response$ = fetchTransport()({
      method: 'GET',
      url: 'http://127.0.0.1:1/',
      headers: {},
      maxBodyBytes: 10,
    });
    await expect(lastValueFrom(response$)).rejects.toMatchObject({ code: 'SORA_NETWORK' });
  });
});
