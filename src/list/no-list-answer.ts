import { isSoraError } from '../errors/is-sora-error.js';

/** The statuses with which a gateway says that it has no list of videos. */
const NO_LIST_STATUSES = new Set([400, 404, 405, 501]);

/**
 * Whether a failed list page says that the gateway has no list of videos: a 400, 404, 405 or 501,
 * or JSON that is not a list. A proxy's HTML page or a body cut short does not say so.
 */
export function isNoList(error: unknown): boolean {
  if (isSoraError(error, 'SORA_DECODE')) return !error.retryable;
  const status = (error as { status?: unknown } | null)?.status;
  return (
    (isSoraError(error, 'SORA_NOT_FOUND') ||
      isSoraError(error, 'SORA_HTTP') ||
      isSoraError(error, 'SORA_SERVER')) &&
    typeof status === 'number' &&
    NO_LIST_STATUSES.has(status)
  );
}
