import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, toArray } from 'rxjs';
import { createSoraClient, type VideoTaskEvent } from 'sora-rx';
import { type SoraSimulator, startSoraSimulator } from 'sora-rx/testing';
import { createWebhookReceiver, type WebhookReceiver } from 'sora-rx/webhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newSecret } from '../webhooks/sign.js';

const soon = { timeout: 5_000, interval: 5 };
const secret = newSecret();
let sim: SoraSimulator | undefined;
let server: Server | undefined;

afterEach(async () => {
  await sim?.close();
  server?.closeAllConnections();
  if (server !== undefined) await new Promise((resolve) => server?.close(resolve));
  sim = undefined;
  server = undefined;
});

/**
 * A simulator on a manual clock whose webhooks go to a receiver on 127.0.0.1; the receiver's
 * first `refusals` deliveries are answered 503, as by a receiver that is down.
 */
async function setUp(webhooks: Parameters<typeof startSoraSimulator>[0] = {}, refusals = 0) {
  let receiver: WebhookReceiver | undefined;
  const events: VideoTaskEvent[] = [];
  let refused = 0;
  server = createServer((req, res) => {
    if (refused < refusals) {
      refused += 1;
      res.writeHead(503).end();
      return;
    }
    receiver?.handler(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  const started = await startSoraSimulator({
    clock: 'manual',
    ...webhooks,
    webhooks: { secret, ...webhooks.webhooks },
  });
  sim = started;
  receiver = createWebhookReceiver({ secret });
  receiver.events$.subscribe((event) => events.push(event));
  return { sim: started, url, receiver, events };
}

describe('webhooks from the simulator to a receiver and a client', () => {
  it.each(['seed', 'openai'] as const)(
    'ends a watch with one request once the signed webhook comes (%s dialect)',
    async (dialect) => {
      const { sim, receiver, url } = await setUp({ dialect });
      const sora = createSoraClient({
        baseUrl: sim.baseUrl,
        apiKey: sim.apiKey,
        events: receiver.events$,
      });
      const done = lastValueFrom(
        sora.generate$({ prompt: 'a cat', webhookUrl: url }).pipe(toArray()),
      );
      await vi.waitFor(() => expect(sim.metrics.creates).toBe(1), soon);
      const [created] = [...sim.tasks.keys()] as [string];
      sim.advance(15 * 60_000);
      const tasks = await done;
      expect(tasks.map((task) => task.status)).toEqual(['queued', 'completed']);
      // OpenAI's dialect has no video_url: its video is at /videos/{id}/content.
      expect(tasks.at(-1)?.video_url ?? null).toBe(
        dialect === 'seed' ? sim.videoUrlOf(created) : null,
      );
      // The create, then one GET after the webhook.
      expect(sim.metrics.totalRequests).toBe(2);
      expect(sim.webhooks.sent).toBe(1);
    },
  );

  it('emits one event per task through duplicates, retries, delays and stale events out of order', async () => {
    const { url, events } = await setUp();
    const faulty = await startSoraSimulator({
      clock: 'manual',
      webhooks: {
        url,
        secret,
        retryDelayMs: 10,
        faults: { duplicateRate: 1, retryRate: 1, outOfOrderRate: 1, delayJitterMs: 20 },
      },
    });
    try {
      const ids = Array.from({ length: 5 }, () => faulty.createTask({ processingMs: 1_000 }).id);
      faulty.advance(60_000);
      await vi.waitFor(() => expect(faulty.webhooks.repeated).toBe(10), soon);
      await vi.waitFor(() => expect(events).toHaveLength(10), soon);
      const terminal = events.filter((event) => event.status === 'completed');
      expect(terminal.map((event) => event.id).sort()).toEqual([...ids].sort());
      expect(events.filter((event) => event.status === 'processing')).toHaveLength(5);
    } finally {
      await faulty.close();
    }
  });

  it('retries a delivery that got no 2xx answer', async () => {
    const { url, events } = await setUp({}, 2);
    const retrying = await startSoraSimulator({
      clock: 'manual',
      webhooks: { url, secret, retryDelayMs: 5 },
    });
    try {
      retrying.createTask({ processingMs: 1_000 });
      retrying.advance(60_000);
      await vi.waitFor(() => expect(events).toHaveLength(1), soon);
      expect(retrying.webhooks.failedAttempts).toBe(2);
    } finally {
      await retrying.close();
    }
  });

  it('catches a lost webhook with the safety poll', async () => {
    const { receiver, url } = await setUp();
    const lossy = await startSoraSimulator({
      clock: 'manual',
      webhooks: { url, secret, faults: { lossRate: 1 } },
    });
    try {
      const { id } = lossy.createTask({ status: 'processing', processingMs: 1_000 });
      const sora = createSoraClient({
        baseUrl: lossy.baseUrl,
        apiKey: lossy.apiKey,
        events: receiver.events$,
        poll: { safetyIntervalMs: 20, ageAware: false },
      });
      const done = lastValueFrom(sora.videoStatus$(id));
      await vi.waitFor(() => expect(lossy.metrics.pollsByTask[id]).toBeGreaterThan(0), soon);
      lossy.advance(60_000);
      expect((await done).status).toBe('completed');
      expect(lossy.webhooks.lostTaskIds()).toEqual([id]);
    } finally {
      await lossy.close();
    }
  });

  it('posts the task as it is with `shape: task`, which the receiver reads too', async () => {
    const { url, events } = await setUp();
    const plain = await startSoraSimulator({
      clock: 'manual',
      webhooks: { url, secret, shape: 'task' },
    });
    try {
      plain.webhooks.setFaults({ duplicateRate: 1 });
      const { id } = plain.createTask({ processingMs: 1_000 });
      plain.setTask(id, { status: 'failed', error: 'moderation blocked' });
      await vi.waitFor(() => expect(plain.webhooks.repeated).toBe(1), soon);
      await vi.waitFor(() => expect(events).toEqual([{ id, status: 'failed' }]), soon);
    } finally {
      await plain.close();
    }
  });

  it.each(['seed', 'openai'] as const)(
    'refuses a bad webhook_url on create, naming the field (%s dialect)',
    async (dialect) => {
      const { sim } = await setUp({ dialect });
      const res = await fetch(`${sim.baseUrl}/videos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'sora-2', prompt: 'a cat', webhook_url: 'ftp://x' }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { param: string } }).error.param).toBe('webhook_url');
    },
  );

  it('checks its webhook options, naming them', async () => {
    await expect(startSoraSimulator({ webhooks: { url: 'nope' } })).rejects.toThrow(/webhooks.url/);
    await expect(startSoraSimulator({ webhooks: { faults: { lossRate: 2 } } })).rejects.toThrow(
      /webhooks.faults.lossRate/,
    );
  });
});
