/**
 * The fewest bytes a signing secret may hold. A short HMAC key can be guessed: against a 1-byte
 * secret a forgery gets through in a few hundred tries at most. 16 bytes (128 bits) is the floor
 * of a key nobody can guess; 24 or more, as Standard Webhooks senders issue, is better.
 */
const MIN_SECRET_BYTES = 16;

/** The bytes of a secret recommended, shown in the refusal. */
const RECOMMENDED_SECRET_BYTES = 24;

/**
 * Throws a TypeError naming `secret` when a secret of `bytes` bytes (as the HMAC key, once
 * decoded) is too short. Neither the secret nor any part of it is shown.
 *
 * @param bytes The length of the key, in bytes.
 * @param form How the key is read from the secret, for the message.
 */
export function assertStrongSecret(bytes: number, form: string): void {
  if (bytes >= MIN_SECRET_BYTES) return;
  throw new TypeError(
    `Expected \`secret\` to hold at least ${MIN_SECRET_BYTES} bytes ${form} ` +
      `(${RECOMMENDED_SECRET_BYTES} or more are recommended), got one of ${bytes}`,
  );
}
