import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { assertStrongSecret } from './secret-strength.js';
import { SoraWebhookError } from './webhook-error.js';

/** Request headers as Node gives them: names in lower case, repeated ones as arrays. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A webhook whose signature and timestamp were checked. */
export interface VerifiedWebhook {
  /** The sender's id of the message (`webhook-id`): the same for each retry of it. */
  readonly id: string;
  /** The parsed JSON body. */
  readonly payload: unknown;
}

/** Checks webhooks signed with the Standard Webhooks scheme; throws `SoraWebhookError` else. */
export type WebhookVerifier = (
  body: string | Uint8Array,
  headers: WebhookHeaders,
) => VerifiedWebhook;

/** The prefix the package strips from a secret before decoding its base64. */
const SECRET_PREFIX = 'whsec_';

const SIGNED_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/**
 * A verifier of Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`: an
 * HMAC-SHA256 of `id.timestamp.body`), done by the `standardwebhooks` package: the signature is
 * compared in constant time, a header may carry several signatures (the sender's key rotation),
 * and a timestamp more than 5 minutes from now is refused. Several secrets may be given for the
 * receiver's own rotation: a webhook signed with any of them passes. The body is parsed as JSON
 * only once its signature holds.
 *
 * @param secrets Secrets as the sender shows them (`whsec_` + base64), one or more, each of at
 *   least 16 bytes once decoded (24 or more recommended).
 * @throws TypeError naming `secret` (never showing it) when one is not such a secret, or is
 *   shorter than 16 bytes.
 */
export function createWebhookVerifier(secrets: readonly string[]): WebhookVerifier {
  const keys = secrets.map(toWebhook);
  return (body, headers) => {
    const signed: Record<string, string> = {};
    for (const name of SIGNED_HEADERS) {
      const value = headers[name];
      if (typeof value !== 'string' || value === '') {
        throw new SoraWebhookError('missing-headers', 400, `The webhook has no \`${name}\` header`);
      }
      signed[name] = value;
    }
    const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
    let failure: unknown;
    for (const key of keys) {
      try {
        key.verify(text, signed, { jsonParse: false });
        return { id: signed['webhook-id'] as string, payload: parseJson(text) };
      } catch (error) {
        failure = error;
      }
    }
    throw toRejection(failure);
  };
}

function toWebhook(secret: unknown): Webhook {
  let webhook: Webhook;
  try {
    if (typeof secret !== 'string' || secret === '') throw new TypeError('not a string');
    webhook = new Webhook(secret);
  } catch {
    // Never the value, nor the package's message: both may hold the secret.
    throw new TypeError(
      'Expected `secret` to be a Standard Webhooks secret (`whsec_` and base64), or a list of them',
    );
  }
  assertStrongSecret(keyLength(secret), 'once its base64 is decoded');
  return webhook;
}

/**
 * The length of the key the package decoded from `secret`: the package has accepted it as
 * base64 already, so Node's decoder reads the same bytes from it.
 */
function keyLength(secret: string): number {
  const base64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(base64, 'base64').byteLength;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SoraWebhookError('bad-body', 400, 'The webhook body is not JSON');
  }
}

/** The package's failure as a `SoraWebhookError`, with a message of ours. */
function toRejection(error: unknown): SoraWebhookError {
  if (error instanceof SoraWebhookError) return error;
  const message = error instanceof WebhookVerificationError ? error.message : '';
  if (/timestamp|Invalid Signature Headers/i.test(message)) {
    return new SoraWebhookError(
      'bad-timestamp',
      400,
      'The webhook timestamp is missing, or more than 5 minutes from now',
    );
  }
  return new SoraWebhookError('bad-signature', 400, 'No signature of the webhook matches a secret');
}
