import { describe, expect, it } from 'vitest';
import { createWebhookVerifier, SoraWebhookError } from '../../src/webhooks/index.js';
import { newSecret, signedHeaders } from './sign.js';

const body = JSON.stringify({ type: 'video.completed', data: { id: 'sora_1' } });

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

describe('createWebhookVerifier', () => {
  const secret = newSecret();
  const verify = createWebhookVerifier([secret]);

  it('passes a webhook signed with the secret, and parses its body', () => {
    expect(verify(body, signedHeaders(body, [secret]))).toEqual({
      id: 'msg_1',
      payload: JSON.parse(body),
    });
  });

  it('refuses a webhook signed with another secret', () => {
    const error = errorOf(() => verify(body, signedHeaders(body, [newSecret()])));
    expect(error).toMatchObject({ code: 'SORA_WEBHOOK_REJECTED', reason: 'bad-signature' });
  });

  it('refuses a body changed after it was signed', () => {
    const headers = signedHeaders(body, [secret]);
    const tampered = body.replace('completed', 'failed');
    expect(errorOf(() => verify(tampered, headers)).reason).toBe('bad-signature');
  });

  it('refuses a timestamp more than 5 minutes old or ahead, and passes one 4 minutes old', () => {
    const at = (ms: number) => new Date(Date.now() + ms);
    const old = signedHeaders(body, [secret], { at: at(-6 * 60_000) });
    const ahead = signedHeaders(body, [secret], { at: at(6 * 60_000) });
    expect(errorOf(() => verify(body, old)).reason).toBe('bad-timestamp');
    expect(errorOf(() => verify(body, ahead)).reason).toBe('bad-timestamp');
    expect(verify(body, signedHeaders(body, [secret], { at: at(-4 * 60_000) })).id).toBe('msg_1');
  });

  it('passes a webhook that carries several signatures, one of them by the secret', () => {
    const headers = signedHeaders(body, [newSecret(), secret]);
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(verify(body, headers).id).toBe('msg_1');
  });

  it('passes webhooks signed with either the old or the new secret while the receiver rotates', () => {
    const next = newSecret();
    const rotating = createWebhookVerifier([secret, next]);
    expect(rotating(body, signedHeaders(body, [secret])).id).toBe('msg_1');
    expect(rotating(body, signedHeaders(body, [next])).id).toBe('msg_1');
    expect(errorOf(() => rotating(body, signedHeaders(body, [newSecret()]))).reason).toBe(
      'bad-signature',
    );
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])(
    'refuses a webhook without `%s`',
    (name) => {
      const headers: Record<string, string> = signedHeaders(body, [secret]);
      delete headers[name];
      const error = errorOf(() => verify(body, headers));
      expect(error.reason).toBe('missing-headers');
      expect(error.message).toContain(name);
    },
  );

  it('refuses a signed body that is not JSON', () => {
    expect(errorOf(() => verify('not json', signedHeaders('not json', [secret]))).reason).toBe(
      'bad-body',
    );
  });

  it('takes the body as bytes', () => {
    const bytes = new TextEncoder().encode(body);
    expect(verify(bytes, signedHeaders(body, [secret])).id).toBe('msg_1');
  });

  it('never shows the secret or a signature in its errors', () => {
    const headers = signedHeaders(body, [newSecret()]);
    const error = errorOf(() => verify(body, headers));
    const shown = `${error.message} ${error.stack} ${JSON.stringify(error)}`;
    expect(shown).not.toContain(secret.slice(6, 20));
    expect(shown).not.toContain(headers['webhook-signature']?.slice(3, 20));
  });

  it('throws a TypeError naming `secret`, without its value, for a secret that is not one', () => {
    const bad = 'whsec_not*base64!';
    expect(() => createWebhookVerifier([bad])).toThrow(TypeError);
    try {
      createWebhookVerifier([bad]);
    } catch (error) {
      expect(String((error as Error).message)).toContain('`secret`');
      expect(String((error as Error).message)).not.toContain('not*base64');
    }
  });

  const whsec = (bytes: number) => `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`;

  it.each([
    ['1 byte', 'whsec_AA=='],
    ['4 bytes', 'whsec_dGVzdA=='],
    ['6 bytes, without the prefix', 'password'],
    ['15 bytes', whsec(15)],
  ])('refuses a secret of %s, naming `secret` and recommending 24 bytes', (_, weak) => {
    const run = () => createWebhookVerifier([weak]);
    expect(run).toThrow(TypeError);
    expect(run).toThrow(/`secret`.*16 bytes.*24/s);
    try {
      run();
    } catch (error) {
      expect((error as Error).message).not.toContain(weak.replace('whsec_', ''));
    }
  });

  it('refuses a weak secret among strong ones, as when rotating', () => {
    expect(() => createWebhookVerifier([secret, 'whsec_AA=='])).toThrow(/`secret`/);
  });

  it('takes a secret of 16 bytes, and of 24 or more', () => {
    for (const strong of [whsec(16), whsec(24), whsec(64)]) {
      const check = createWebhookVerifier([strong]);
      expect(check(body, signedHeaders(body, [strong])).id).toBe('msg_1');
    }
  });
});

describe('createWebhookVerifier says why', () => {
  const secret = newSecret();
  const verify = createWebhookVerifier([secret]);

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])(
    'names a missing or empty %s header',
    (name) => {
      const headers = { ...signedHeaders(body, [secret]), [name]: '' };
      expect(errorOf(() => verify(body, headers))).toMatchObject({
        reason: 'missing-headers',
        message: `The webhook has no \`${name}\` header`,
        retryable: false,
      });
    },
  );

  it('says what was wrong with a signature, a timestamp or a body', () => {
    expect(errorOf(() => verify(body, signedHeaders(body, [newSecret()]))).message).toBe(
      'No signature of the webhook matches a secret',
    );
    const old = signedHeaders(body, [secret], { at: new Date(Date.now() - 6 * 60_000) });
    expect(errorOf(() => verify(body, old)).message).toBe(
      'The webhook timestamp is missing, or more than 5 minutes from now',
    );
    expect(errorOf(() => verify('{', signedHeaders('{', [secret]))).message).toBe(
      'The webhook body is not JSON',
    );
  });

  it('names what a secret must be when it is empty or not a string', () => {
    for (const bad of ['', 42 as unknown as string]) {
      expect(() => createWebhookVerifier([bad])).toThrow(
        'Expected `secret` to be a Standard Webhooks secret (`whsec_` and base64), or a list of them',
      );
    }
  });

  it('counts the bytes of a weak secret once its base64 is decoded', () => {
    expect(() => createWebhookVerifier(['whsec_AA=='])).toThrow(/once its base64 is decoded/);
  });
});
