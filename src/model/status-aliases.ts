import type { VideoStatus } from './video-status.js';

/** Maps a status a gateway sends to one of the four statuses of the contract. */
export type StatusAliases = Readonly<Record<string, VideoStatus>>;

/**
 * Statuses that Sora-compatible gateways are known to send, and what they mean.
 * Keys are matched case-insensitively. Extend them with the client's `statusAliases` option.
 */
export const DEFAULT_STATUS_ALIASES: StatusAliases = {
  pending: 'queued',
  not_start: 'queued',
  not_started: 'queued',
  submitted: 'queued',
  in_queue: 'queued',
  in_progress: 'processing',
  running: 'processing',
  started: 'processing',
  succeeded: 'completed',
  success: 'completed',
  expired: 'failed',
  cancelled: 'failed',
  canceled: 'failed',
  error: 'failed',
};

/**
 * Merges alias tables, later tables winning, with keys lower-cased for matching. The result has no
 * prototype, so that an alias such as `__proto__` (from a parsed config file) is an alias like any
 * other, never a prototype.
 */
export function mergeStatusAliases(...tables: ReadonlyArray<StatusAliases>): StatusAliases {
  const merged: Record<string, VideoStatus> = Object.create(null);
  for (const table of tables) {
    for (const [alias, status] of Object.entries(table)) merged[alias.toLowerCase()] = status;
  }
  return merged;
}
