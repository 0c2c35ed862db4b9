import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRecord } from './is-record.js';
import { assertStrongSecret } from './secret-strength.js';
import type { WebhookHeaders, WebhookVerifier } from './verify-webhook.js';
import { SoraWebhookError } from './webhook-error.js';

/** How far a webhook's `t` may be from now, in seconds: OpenRouter's documented 5 minutes. */
const TOLERANCE_SECONDS = 5 * 60;

const SIGNATURE_HEADER = 'x-openrouter-signature';
const IDEMPOTENCY_HEADER = 'x-openrouter-idempotency-key';

/**
 * A verifier of OpenRouter's video webhooks: `X-OpenRouter-Signature: t=<unix>,v1=<hex>`, where
 * `v1` is the hex HMAC-SHA256 of `${t},${rawBody}` keyed with the workspace signing secret (as
 * OpenRouter's video generation guide, "Verifying Signatures", documents it). Each `v1` is
 * compared in constant time, a header may carry several `v1` (the sender's key rotation), and a
 * `t` more than 5 minutes from now is refused. Several secrets may be given for the receiver's
 * own rotation. The body is parsed as JSON only once its signature holds. The message's id is
 * `X-OpenRouter-Idempotency-Key` (`<job id>-<status>`, the same for each retry), else made the
 * same way from the body.
 *
 * @param secrets The workspace signing secrets, one or more, used as they are (UTF-8), each of at
 *   least 16 bytes (24 or more recommended).
 * @param now The clock, in ms since the epoch.
 * @throws TypeError naming `secret` (never showing it) when one is not a non-empty string, or is
 *   shorter than 16 bytes.
 */
export function createOpenRouterVerifier(
  secrets: readonly string[],
  now: () => number = Date.now,
): WebhookVerifier {
  const keys = secrets.map((secret) => {
    if (typeof secret !== 'string' || secret === '') {
      throw new TypeError(
        'Expected `secret` to be an OpenRouter signing secret (a non-empty string), or a list of them',
      );
    }
    const key = Buffer.from(secret, 'utf8');
    assertStrongSecret(key.byteLength, 'as UTF-8');
    return key;
  });
  return (body, headers) => {
    const { t, v1 } = parseSignatureHeader(headers);
    if (Math.abs(now() / 1000 - Number(t)) > TOLERANCE_SECONDS) {
      throw new SoraWebhookError(
        'bad-timestamp',
        400,
        'The webhook timestamp is more than 5 minutes from now',
      );
    }
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    const signed = Buffer.concat([Buffer.from(`${t},`, 'utf8'), bytes]);
    const matches = keys.some((key) => {
      const expected = createHmac('sha256', key).update(signed).digest();
      return v1.some((given) => timingSafeEqual(expected, given));
    });
    if (!matches) {
      throw new SoraWebhookError(
        'bad-signature',
        400,
        'No signature of the webhook matches a secret',
      );
    }
    const payload = parseJson(bytes.toString('utf8'));
    return { id: messageId(headers, payload, t, v1), payload };
  };
}

/** The header's `t` (digits) and every well-formed `v1` (32 bytes of hex), or a rejection. */
function parseSignatureHeader(headers: WebhookHeaders): { t: string; v1: Buffer[] } {
  const header = headers[SIGNATURE_HEADER];
  if (typeof header !== 'string' || header === '') {
    throw new SoraWebhookError(
      'missing-headers',
      400,
      'The webhook has no `x-openrouter-signature` header',
    );
  }
  let t: string | undefined;
  const v1: Buffer[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (name === 't') t = value;
    else if (name === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) v1.push(Buffer.from(value, 'hex'));
  }
  if (t === undefined || !/^\d{1,12}$/.test(t)) {
    throw new SoraWebhookError(
      'bad-timestamp',
      400,
      'The webhook signature header has no `t=` timestamp in seconds',
    );
  }
  if (v1.length === 0) {
    throw new SoraWebhookError(
      'bad-signature',
      400,
      'The webhook signature header has no `v1=` signature in hex',
    );
  }
  return { t, v1 };
}

/** The sender's idempotency key, else `<data.id>-<data.status>`, else this delivery's own. */
function messageId(headers: WebhookHeaders, payload: unknown, t: string, v1: Buffer[]): string {
  const key = headers[IDEMPOTENCY_HEADER];
  if (typeof key === 'string' && key !== '') return key;
  const data = isRecord(payload) && isRecord(payload.data) ? payload.data : {};
  return typeof data.id === 'string' && typeof data.status === 'string'
    ? `${data.id}-${data.status}`
    : `${t}-${v1.map((sig) => sig.toString('hex')).join('-')}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SoraWebhookError('bad-body', 400, 'The webhook body is not JSON');
  }
}
