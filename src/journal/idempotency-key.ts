/**
 * A fresh idempotency key for a create: a random UUID (v4), from the Web Crypto API that Node 20+,
 * browsers, Deno and Bun all have.
 */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
