import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A fresh Standard Webhooks secret. */
export function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The headers of `body` signed with each of `secrets`, as a sender rotating its keys sends them. */
export function signedHeaders(
  body: string,
  secrets: readonly string[],
  { id = 'msg_1', at = new Date() }: { id?: string; at?: Date } = {},
): Record<string, string> {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(id, at, body));
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

/**
 * OpenRouter's `X-OpenRouter-Signature` of `body`: `t=<unix>` and a `v1=` hex HMAC-SHA256 of
 * `${t},${body}` for each of `secrets`, written here from OpenRouter's guide, apart from the code
 * under test.
 */
export function openRouterSignature(
  body: string,
  secrets: readonly string[],
  at: Date = new Date(),
): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = secrets.map(
    (secret) => `v1=${createHmac('sha256', secret).update(`${t},${body}`).digest('hex')}`,
  );
  return [`t=${t}`, ...v1].join(',');
}
