import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, toArray } from 'rxjs';
import { createSoraClient, type VideoTaskEvent } from 'sora-rx';
import { type SoraSimulator, startSoraSimulator } from 'sora-rx/testing';
import { createWebhookReceiver, type WebhookReceiver } from 'sora-rx/webhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';

const soon = { timeout: 5_000, interval: 5 };
const secret = 'or-workspace-signing-secret';
let sim: SoraSimulator | undefined;
let server: Server | undefined;

afterEach(async () => {
  await sim?.close();
  server?.closeAllConnections();
  if (server !== undefined) await new Promise((resolve) => server?.close(resolve));
  sim = undefined;
  server = undefined;
});

interface Delivery {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * A simulator in the `'openrouter'` dialect on a manual clock, whose webhooks go to a receiver
 * with `scheme: 'openrouter'` on 127.0.0.1; every delivery is recorded as it came.
 */
async function setUp(
  webhooks: NonNullable<Parameters<typeof startSoraSimulator>[0]>['webhooks'] = {},
  toReceiverByDefault = false,
) {
  const deliveries: Delivery[] = [];
  const events: VideoTaskEvent[] = [];
  let receiver: WebhookReceiver | undefined;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      deliveries.push({ headers: req.headers, body });
      const outcome = receiver?.handle(body, req.headers);
      res.writeHead(outcome?.status ?? 500).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  const started = await startSoraSimulator({
    clock: 'manual',
    dialect: 'openrouter',
    webhooks: { secret, ...webhooks, ...(toReceiverByDefault ? { url } : {}) },
  });
  sim = started;
  receiver = createWebhookReceiver({ secret, scheme: 'openrouter' });
  receiver.events$.subscribe((event) => events.push(event));
  return { sim: started, url, receiver, events, deliveries };
}

describe("OpenRouter's webhooks from the simulator to a receiver and a client", () => {
  it('ends a watch with one request once the signed callback comes', async () => {
    const { sim, receiver, url, deliveries } = await setUp();
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      dialect: 'openrouter',
      events: receiver.events$,
    });
    const done = lastValueFrom(
      sora.generate$({ prompt: 'a cat', webhookUrl: url }).pipe(toArray()),
    );
    await vi.waitFor(() => expect(sim.metrics.creates).toBe(1), soon);
    sim.advance(15 * 60_000);
    const tasks = await done;
    expect(tasks.at(-1)?.status).toBe('completed');
    // The models list (read once, to check the create), the create, then one GET after the
    // webhook: no polling in between.
    expect(sim.metrics.totalRequests).toBe(3);
    expect(Object.values(sim.metrics.pollsByTask)).toEqual([1]);
    expect(deliveries).toHaveLength(1);
    await sora.close();
  });

  it("sends OpenRouter's envelope to callback_url, signed over t, a comma and the raw body", async () => {
    const { sim, url, deliveries, events } = await setUp();
    const created = await fetch(`${sim.baseUrl}/videos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/sora-2', prompt: 'a cat', callback_url: url }),
    });
    const { id } = (await created.json()) as { id: string };
    sim.advance(15 * 60_000);
    await vi.waitFor(() => expect(events).toEqual([{ id, status: 'completed' }]), soon);
    const [delivery] = deliveries as [Delivery];
    const signature = String(delivery.headers['x-openrouter-signature']);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    expect(v1).toBe(createHmac('sha256', secret).update(`${t},${delivery.body}`).digest('hex'));
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
    expect(delivery.headers['x-openrouter-idempotency-key']).toBe(`${id}-completed`);
    expect(delivery.headers['webhook-signature']).toBeUndefined();
    expect(JSON.parse(delivery.body)).toMatchObject({
      type: 'video.generation.completed',
      created_at: expect.any(String),
      data: { id, status: 'completed', unsigned_urls: [expect.any(String)] },
    });
  });

  it('reads a cancelled job as failed', async () => {
    const { sim, events, deliveries } = await setUp({}, true);
    const { id } = sim.createTask({ processingMs: 60_000 });
    sim.setTask(id, { status: 'failed', statusOverride: 'cancelled', error: 'Job was cancelled' });
    await vi.waitFor(() => expect(events).toEqual([{ id, status: 'failed' }]), soon);
    expect(JSON.parse((deliveries[0] as Delivery).body)).toMatchObject({
      type: 'video.generation.cancelled',
      data: { id, status: 'cancelled' },
    });
  });

  it('emits one event per job through duplicates, retries and stale events out of order', async () => {
    const { sim, events } = await setUp(
      { retryDelayMs: 10, faults: { duplicateRate: 1, retryRate: 1, outOfOrderRate: 1 } },
      true,
    );
    const ids = Array.from({ length: 3 }, () => sim.createTask({ processingMs: 1_000 }).id);
    sim.advance(60_000);
    await vi.waitFor(() => expect(sim.webhooks.repeated).toBe(6), soon);
    await vi.waitFor(() => expect(events).toHaveLength(6), soon);
    const terminal = events.filter((event) => event.status === 'completed');
    expect(terminal.map((event) => event.id).sort()).toEqual([...ids].sort());
    expect(events.filter((event) => event.status === 'processing')).toHaveLength(3);
  });

  it('refuses an empty secret in the openrouter dialect, without showing it', async () => {
    await expect(
      startSoraSimulator({ dialect: 'openrouter', webhooks: { secret: '' } }),
    ).rejects.toThrow(/`webhooks.secret`/);
  });
});
