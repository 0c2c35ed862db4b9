// Issue 21, defect 13: a burst of cancellations must not open connections. Each watch given up
// in flight closes its connection (undici aborts a started request so); if its place went at once
// to the next request in line, that one would open a new connection, only to be given up a moment
// later in the same loop.
import { afterEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { undiciTransport } from '../../src/http/undici-transport.js';
import { closeScriptedServers, hold, startScriptedServer } from '../helpers/scripted-server.js';

afterEach(closeScriptedServers);

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a burst of cancelled watches on a pool of 64 connections', () => {
  it('opens no new connection after 1,000 watches are unsubscribed in a loop', async () => {
    const server = await startScriptedServer(hold());
    const sora = createSoraClient({
      baseUrl: server.baseUrl,
      apiKey: 'sk-test-key',
      transport: undiciTransport({ connections: 64 }),
    });
    const watches = Array.from({ length: 1_000 }, (_, i) =>
      sora.videoStatus$(`sora_${i}`).subscribe({ error: () => {} }),
    );
    // 64 requests in flight, each on a connection of its own, and 936 waiting in line.
    const inFlight = await Promise.all(
      Array.from({ length: 64 }, (_, i) => server.waitForRequest(i)),
    );
    for (let i = 0; i < 5; i++) await turn();
    expect(server.requests).toHaveLength(64);
    const before = server.connections;
    expect(before).toBe(64);

    for (const watch of watches) watch.unsubscribe();

    // The 64 aborted requests close their connections; anything opened after the loop has had
    // these turns of the event loop (and the connects' round trips on 127.0.0.1) to show.
    await Promise.all(inFlight.map((request) => request.socketClosed));
    for (let i = 0; i < 20; i++) await turn();
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let i = 0; i < 5; i++) await turn();
    expect(server.connections - before).toBeLessThanOrEqual(2);
    expect(server.requests).toHaveLength(64);
    await sora.close();
  });

  it('lets close() finish when the request it waits for is then given up in flight', async () => {
    const server = await startScriptedServer(hold());
    const transport = undiciTransport({ connections: 4 });
    const request = transport({
      method: 'GET',
      url: `${server.baseUrl}/videos/sora_1`,
      headers: {},
      maxBodyBytes: 1024,
    }).subscribe({ error: () => {} });
    const arrived = await server.waitForRequest(0);
    const closed = transport.close?.();
    request.unsubscribe();
    await closed;
    await arrived.socketClosed;
    expect(server.connections).toBe(1);
  });
});
