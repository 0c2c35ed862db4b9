import { createHash } from 'node:crypto';
import type { CreateVideoParams } from '../../index.js';

/**
 * The idempotency key of each video of a batch: derived from what it asks for, and how many lines
 * before it asked for the same, so that a rerun of the same file finds each line's task in the
 * journal (and a gateway that honours the key makes no second task), while two identical lines
 * still make two videos.
 */
export function batchKeys(params: readonly CreateVideoParams[]): string[] {
  const seen = new Map<string, number>();
  return params.map(({ prompt, model, seconds, size }) => {
    const digest = createHash('sha256')
      .update(JSON.stringify([prompt, model ?? null, seconds ?? null, size ?? null]))
      .digest('hex')
      .slice(0, 32);
    const occurrence = seen.get(digest) ?? 0;
    seen.set(digest, occurrence + 1);
    return `sora-rx-batch-${digest}-${occurrence}`;
  });
}
