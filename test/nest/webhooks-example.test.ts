import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { type SoraSimulator, startSoraSimulator } from 'sora-rx/testing';
import { createWebhookReceiver } from 'sora-rx/webhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppModule } from '../../examples/nest-webhooks/app.module.js';
import { WEBHOOK_RECEIVER } from '../../examples/nest-webhooks/webhook-receiver.module.js';
import { newSecret, signedHeaders } from '../webhooks/sign.js';

const secret = newSecret();
const soon = { timeout: 5_000, interval: 2 };
let sim: SoraSimulator;
let app: INestApplication;

beforeEach(async () => {
  sim = await startSoraSimulator({ clock: 'manual' });
  vi.stubEnv('SORA_BASE_URL', sim.baseUrl);
  vi.stubEnv('SORA_API_KEY', sim.apiKey);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(WEBHOOK_RECEIVER)
    .useValue(createWebhookReceiver({ secret }))
    .compile();
  app = moduleRef.createNestApplication({ logger: false, rawBody: true });
  await app.listen(0, '127.0.0.1');
});

afterEach(async () => {
  await app.close();
  await sim.close();
  vi.unstubAllEnvs();
});

/** Posts a webhook to the app, signed with `key`: the status of the answer. */
async function postWebhook(payload: unknown, key: string, id: string): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(new URL('/webhooks/sora', await app.getUrl()), {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...signedHeaders(body, [key], { id }) },
  });
  return res.status;
}

describe('the NestJS webhooks example', () => {
  it('ends a watch the moment a signed webhook comes, with one more request, and refuses a forged one', async () => {
    const { id } = sim.createTask({ status: 'processing', processingMs: 600_000 });
    const done = fetch(new URL(`/videos/${id}`, await app.getUrl())).then((res) => res.json());
    await vi.waitFor(() => expect(sim.metrics.pollsByTask[id]).toBe(1), soon);

    sim.setTask(id, { status: 'completed' });
    const event = { type: 'video.completed', data: { id } };
    expect(await postWebhook(event, newSecret(), 'msg_forged')).toBe(400);
    expect(await postWebhook(event, secret, 'msg_1')).toBe(204);

    expect(await done).toMatchObject({ id, status: 'completed', video_url: sim.videoUrlOf(id) });
    expect(sim.metrics.pollsByTask[id]).toBe(2);
  });
});
