import type { JournalEntry } from './journal-record.js';

/** How long a video lives after its task completes, as gateways document it: about a day. */
const VIDEO_LIFETIME_MS = 24 * 3_600_000;

/** When a journal entry's video expires, and whether its gateway said so or it is an estimate. */
export interface EntryExpiry {
  /** The time, in ms since the epoch. */
  readonly at: number;
  /** `true` for the gateway's `expires_at`; `false` for a day after the task was first seen completed. */
  readonly reported: boolean;
}

/**
 * When the video of a completed task expires: its gateway's `expires_at` where reported, else a
 * day after the journal first saw it completed. `undefined` for a task not completed.
 */
export function entryExpiry(entry: JournalEntry): EntryExpiry | undefined {
  if (entry.status !== 'completed') return undefined;
  if (entry.expiresAt !== undefined) return { at: entry.expiresAt, reported: true };
  return { at: (entry.completedAt ?? entry.updatedAt) + VIDEO_LIFETIME_MS, reported: false };
}

/**
 * Orders entries by when their video expires, soonest first, so that the videos closest to being
 * lost are saved first; tasks not completed come after them, in the order they came.
 */
export function bySoonestExpiry(entries: readonly JournalEntry[]): JournalEntry[] {
  const at = (entry: JournalEntry) => entryExpiry(entry)?.at ?? Number.POSITIVE_INFINITY;
  // A stable sort: entries that expire together, or never (∞ − ∞ is NaN, which sorts as 0), keep
  // the journal's order.
  return [...entries].sort((a, b) => at(a) - at(b));
}
