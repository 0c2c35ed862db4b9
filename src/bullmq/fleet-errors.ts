import { UnrecoverableError } from 'bullmq';
import { isSoraError } from '../index.js';

/**
 * The error a fleet job fails with, for one that cannot fix itself: BullMQ keeps only its message,
 * so the message starts with the sora-rx code (`SORA_NOT_FOUND: ...`), where `fleetStatus$` finds
 * it again. It is never retried, whatever the job's `attempts`.
 */
export function toUnrecoverable(error: unknown): UnrecoverableError {
  const prefix = isSoraError(error) ? error.code : error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new UnrecoverableError(`${prefix}: ${message}`);
}
