import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createOpenRouterVerifier,
  SoraWebhookError,
  type WebhookRejection,
} from '../../src/webhooks/index.js';
import { openRouterSignature } from './sign.js';

const secret = 'or-workspace-signing-secret-1';
const other = 'or-workspace-signing-secret-2';
const body = JSON.stringify({
  type: 'video.generation.completed',
  created_at: '2026-04-24T12:00:00.000Z',
  data: { id: 'job_1', status: 'completed' },
});
const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const hex = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

/** The error `run` throws. */
function errorOf(run: () => unknown): SoraWebhookError {
  try {
    run();
  } catch (error) {
    if (error instanceof SoraWebhookError) return error;
    throw error;
  }
  throw new Error('It did not throw');
}

describe('createOpenRouterVerifier', () => {
  const verify = createOpenRouterVerifier([secret]);
  const t = Math.floor(Date.now() / 1000);

  it.each<[string, string, Record<string, string | undefined>, WebhookRejection]>([
    [
      'signed with another secret',
      body,
      { sig: openRouterSignature(body, [other]) },
      'bad-signature',
    ],
    [
      'whose body changed after it was signed',
      body.replace('completed', 'failed'),
      { sig: openRouterSignature(body, [secret]) },
      'bad-signature',
    ],
    [
      '6 minutes old',
      body,
      { sig: openRouterSignature(body, [secret], minutes(-6)) },
      'bad-timestamp',
    ],
    [
      '6 minutes ahead',
      body,
      { sig: openRouterSignature(body, [secret], minutes(6)) },
      'bad-timestamp',
    ],
    ['without the header', body, { sig: undefined }, 'missing-headers'],
    ['with an empty header', body, { sig: '' }, 'missing-headers'],
    ['with no t=', body, { sig: `v1=${hex(secret, `${t},${body}`)}` }, 'bad-timestamp'],
    [
      'with a t= that is not seconds',
      body,
      { sig: `t=soon,v1=${hex(secret, `${t},${body}`)}` },
      'bad-timestamp',
    ],
    ['with no v1=', body, { sig: `t=${t}` }, 'bad-signature'],
    [
      'with a v1= that is not hex',
      body,
      { sig: `t=${t},v1=zz${hex(secret, `${t},${body}`).slice(2)}` },
      'bad-signature',
    ],
    [
      'with a truncated v1=',
      body,
      { sig: `t=${t},v1=${hex(secret, `${t},${body}`).slice(0, 62)}` },
      'bad-signature',
    ],
    [
      'with a v1= from another t',
      body,
      { sig: `t=${t - 1},v1=${hex(secret, `${t},${body}`)}` },
      'bad-signature',
    ],
    [
      'signed Stripe-style over `t.body`',
      body,
      { sig: `t=${t},v1=${hex(secret, `${t}.${body}`)}` },
      'bad-signature',
    ],
    [
      'signed over the body alone',
      body,
      { sig: `t=${t},v1=${hex(secret, body)}` },
      'bad-signature',
    ],
  ])('refuses a webhook %s', (_, sent, { sig }, reason) => {
    const error = errorOf(() => verify(sent, { 'x-openrouter-signature': sig }));
    expect(error).toMatchObject({ code: 'SORA_WEBHOOK_REJECTED', reason, statusCode: 400 });
  });

  it.each<[string, string]>([
    ['signed now', openRouterSignature(body, [secret])],
    ['4 minutes old', openRouterSignature(body, [secret], minutes(-4))],
    ['carrying a rotated second signature', openRouterSignature(body, [other, secret])],
    ['carrying a malformed v1= beside a good one', `${openRouterSignature(body, [secret])},v1=xyz`],
    ['with a part that has no =', `junk,${openRouterSignature(body, [secret])}`],
    ['with spaces around its parts', openRouterSignature(body, [secret]).replace(',', ', ')],
  ])('passes a webhook %s, and parses its body after', (_, sig) => {
    expect(verify(body, { 'x-openrouter-signature': sig })).toEqual({
      id: 'job_1-completed',
      payload: JSON.parse(body),
    });
  });

  it('checks the exact bytes: a body given as bytes passes, one re-serialised does not', () => {
    const spaced = JSON.stringify(JSON.parse(body), null, 2);
    const sig = openRouterSignature(spaced, [secret]);
    expect(verify(new TextEncoder().encode(spaced), { 'x-openrouter-signature': sig }).id).toBe(
      'job_1-completed',
    );
    expect(errorOf(() => verify(body, { 'x-openrouter-signature': sig })).reason).toBe(
      'bad-signature',
    );
  });

  it('passes webhooks signed with the old or the new secret while the receiver rotates', () => {
    const rotating = createOpenRouterVerifier([secret, other]);
    expect(
      rotating(body, { 'x-openrouter-signature': openRouterSignature(body, [secret]) }),
    ).toBeDefined();
    expect(
      rotating(body, { 'x-openrouter-signature': openRouterSignature(body, [other]) }),
    ).toBeDefined();
    const stranger = openRouterSignature(body, ['or-workspace-signing-secret-3']);
    expect(errorOf(() => rotating(body, { 'x-openrouter-signature': stranger })).reason).toBe(
      'bad-signature',
    );
  });

  it('takes the message id from X-OpenRouter-Idempotency-Key when there is one', () => {
    const headers = {
      'x-openrouter-signature': openRouterSignature(body, [secret]),
      'x-openrouter-idempotency-key': 'job_1-completed-key',
    };
    expect(verify(body, headers).id).toBe('job_1-completed-key');
  });

  it('refuses a well-signed body that is not JSON, only after checking its signature', () => {
    const text = 'not json';
    expect(
      errorOf(() => verify(text, { 'x-openrouter-signature': openRouterSignature(text, [secret]) }))
        .reason,
    ).toBe('bad-body');
    expect(
      errorOf(() => verify(text, { 'x-openrouter-signature': openRouterSignature(text, [other]) }))
        .reason,
    ).toBe('bad-signature');
  });

  it('never shows the secret or the signature in its errors', () => {
    const sig = openRouterSignature(body, [other]);
    const error = errorOf(() => verify(body, { 'x-openrouter-signature': sig }));
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain(sig.split('v1=')[1]);
  });

  it('refuses a secret that is not a non-empty string, without showing it', () => {
    expect(() => createOpenRouterVerifier([''])).toThrow(/`secret`/);
    expect(() => createOpenRouterVerifier([42 as unknown as string])).toThrow(TypeError);
  });

  it.each([
    ['8 characters', 'password'],
    ['15 bytes', 'x'.repeat(15)],
    ['5 characters of 3 bytes each', '€€€€€'],
  ])('refuses a secret of %s, naming `secret` and recommending 24 bytes', (_, weak) => {
    const run = () => createOpenRouterVerifier([weak]);
    expect(run).toThrow(TypeError);
    expect(run).toThrow(/`secret`.*16 bytes.*24/s);
    try {
      run();
    } catch (error) {
      expect((error as Error).message).not.toContain(weak);
    }
  });

  it('takes a secret of 16 bytes, and of 24 or more', () => {
    for (const strong of ['s'.repeat(16), '€€€€€€', 'or-workspace-signing-secret-0001']) {
      const check = createOpenRouterVerifier([strong]);
      const sig = openRouterSignature(body, [strong]);
      expect(check(body, { 'x-openrouter-signature': sig }).id).toBe('job_1-completed');
    }
  });
});

describe('createOpenRouterVerifier at its edges', () => {
  const nowMs = 1_800_000_000_000;
  const t = nowMs / 1000;
  const verify = createOpenRouterVerifier([secret], () => nowMs);
  const signedAt = (at: number, text = body) => `t=${at},v1=${hex(secret, `${at},${text}`)}`;

  it('takes a t exactly 5 minutes away, and refuses one a second further', () => {
    expect(verify(body, { 'x-openrouter-signature': signedAt(t - 300) }).id).toBe(
      'job_1-completed',
    );
    expect(verify(body, { 'x-openrouter-signature': signedAt(t + 300) }).id).toBe(
      'job_1-completed',
    );
    const error = errorOf(() => verify(body, { 'x-openrouter-signature': signedAt(t - 301) }));
    expect(error).toMatchObject({ reason: 'bad-timestamp' });
    expect(error.message).toBe('The webhook timestamp is more than 5 minutes from now');
  });

  it.each<[string, string, WebhookRejection, string]>([
    ['no header', '', 'missing-headers', 'The webhook has no `x-openrouter-signature` header'],
    [
      'a t= with a prefix',
      `t=x${t},v1=${hex(secret, `${t},${body}`)}`,
      'bad-timestamp',
      'The webhook signature header has no `t=` timestamp in seconds',
    ],
    [
      'a t= with a suffix',
      `t=${t}x,v1=${hex(secret, `${t},${body}`)}`,
      'bad-timestamp',
      'The webhook signature header has no `t=` timestamp in seconds',
    ],
    [
      'a t= of 13 digits',
      `t=100${t},v1=${hex(secret, `${t},${body}`)}`,
      'bad-timestamp',
      'The webhook signature header has no `t=` timestamp in seconds',
    ],
    [
      'only a v1= with a prefix',
      `t=${t},v1=0x${hex(secret, `${t},${body}`)}`,
      'bad-signature',
      'The webhook signature header has no `v1=` signature in hex',
    ],
    [
      'only a v1= of 66 hex digits',
      `t=${t},v1=${hex(secret, `${t},${body}`)}ab`,
      'bad-signature',
      'The webhook signature header has no `v1=` signature in hex',
    ],
    [
      'a v1= of another secret',
      `t=${t},v1=${hex(other, `${t},${body}`)}`,
      'bad-signature',
      'No signature of the webhook matches a secret',
    ],
  ])('refuses %s, saying so', (_, sig, reason, message) => {
    const error = errorOf(() => verify(body, { 'x-openrouter-signature': sig }));
    expect(error).toMatchObject({ reason, message });
  });

  it('reads values with spaces after them', () => {
    const sig = signedAt(t).replace(',', ' , ');
    expect(verify(body, { 'x-openrouter-signature': `${sig} ` }).id).toBe('job_1-completed');
  });

  it('says when a well-signed body is not JSON', () => {
    const error = errorOf(() => verify('{', { 'x-openrouter-signature': signedAt(t, '{') }));
    expect(error).toMatchObject({ reason: 'bad-body', message: 'The webhook body is not JSON' });
  });

  it('makes the message id from the delivery when the body has no job id and status', () => {
    const sig = hex(secret, `${t},{"data":{"id":"job_2"}}`);
    const headers = {
      'x-openrouter-signature': `t=${t},v1=${sig}`,
      'x-openrouter-idempotency-key': '',
    };
    expect(verify('{"data":{"id":"job_2"}}', headers).id).toBe(`${t}-${sig}`);
    const text = '{"data":{"status":"completed"}}';
    expect(verify(text, { 'x-openrouter-signature': signedAt(t, text) }).id).toBe(
      `${t}-${hex(secret, `${t},${text}`)}`,
    );
  });

  it('names what a secret must be when it is empty or not a string', () => {
    for (const bad of ['', 42 as unknown as string]) {
      expect(() => createOpenRouterVerifier([bad])).toThrow(
        'Expected `secret` to be an OpenRouter signing secret (a non-empty string), or a list of them',
      );
    }
  });
});
