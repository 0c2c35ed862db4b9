import type { VideoTaskEvent } from 'sora-rx';
import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, type SoraWebhookError } from '../../src/webhooks/index.js';
import { newSecret, openRouterSignature, signedHeaders } from './sign.js';

const secret = 'or-workspace-signing-secret';

/** An OpenRouter event of job `id`, as its `callback_url` receives it. */
function event(id: string, status: string): string {
  return JSON.stringify({
    type: `video.generation.${status}`,
    created_at: '2026-04-24T12:00:00.000Z',
    data: { id, status, generation_id: 'gen_1', model: 'openai/sora-2' },
  });
}

function recordingReceiver() {
  const events: VideoTaskEvent[] = [];
  const rejected: SoraWebhookError[] = [];
  const receiver = createWebhookReceiver({
    secret,
    scheme: 'openrouter',
    onRejected: (error) => rejected.push(error),
  });
  receiver.events$.subscribe((e) => events.push(e));
  return { receiver, events, rejected };
}

describe("createWebhookReceiver with scheme 'openrouter'", () => {
  it('emits each signed event once, with cancelled and expired as failed', () => {
    const { receiver, events } = recordingReceiver();
    for (const [id, status] of [
      ['job_1', 'completed'],
      ['job_2', 'failed'],
      ['job_3', 'cancelled'],
      ['job_4', 'expired'],
    ] as const) {
      const body = event(id, status);
      const headers = {
        'x-openrouter-signature': openRouterSignature(body, [secret]),
        'x-openrouter-idempotency-key': `${id}-${status}`,
      };
      expect(receiver.handle(body, headers).status).toBe(204);
      // A retry of the same delivery: answered 204, emits nothing again.
      expect(receiver.handle(body, headers)).toEqual({ status: 204 });
    }
    expect(events).toEqual([
      { id: 'job_1', status: 'completed' },
      { id: 'job_2', status: 'failed' },
      { id: 'job_3', status: 'failed' },
      { id: 'job_4', status: 'failed' },
    ]);
  });

  it('refuses with 400 and emits nothing for a bad signature, telling onRejected why', () => {
    const { receiver, events, rejected } = recordingReceiver();
    const body = event('job_1', 'completed');
    const outcome = receiver.handle(body, {
      'x-openrouter-signature': openRouterSignature(body, ['another-secret']),
    });
    expect(outcome.status).toBe(400);
    expect(outcome.error?.reason).toBe('bad-signature');
    expect(rejected.map((e) => e.reason)).toEqual(['bad-signature']);
    expect(events).toEqual([]);
  });

  it('refuses a Standard Webhooks delivery, and the default scheme refuses an OpenRouter one', () => {
    const { receiver } = recordingReceiver();
    const body = event('job_1', 'completed');
    const standardSecret = newSecret();
    expect(receiver.handle(body, signedHeaders(body, [standardSecret])).error?.reason).toBe(
      'missing-headers',
    );
    const standard = createWebhookReceiver({ secret: standardSecret });
    const headers = { 'x-openrouter-signature': openRouterSignature(body, [standardSecret]) };
    expect(standard.handle(body, headers).error?.reason).toBe('missing-headers');
  });

  it('refuses an unknown scheme, and an empty secret, without showing the secret', () => {
    expect(() =>
      createWebhookReceiver({ secret, scheme: 'stripe' as unknown as 'openrouter' }),
    ).toThrow(/`scheme`/);
    expect(() => createWebhookReceiver({ secret: '', scheme: 'openrouter' })).toThrow(/`secret`/);
    expect(() => createWebhookReceiver({ secret: [], scheme: 'openrouter' })).toThrow(/`secret`/);
  });
});
