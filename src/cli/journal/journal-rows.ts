import type { JournalEntry } from '../../index.js';
import { entryExpiry } from '../../journal/entry-expiry.js';

/** Closer than this to its expiry, a completed video not saved is close to lost: `ls` warns about it. */
const WARN_BEFORE_EXPIRY_MS = 4 * 3_600_000;

/** One task of the journal as `ls` shows it. */
export interface JournalRow {
  /** The task id, or `undefined` for a create whose answer was never recorded. */
  readonly id: string | undefined;
  /** The idempotency key of its create, when it was created with the journal on. */
  readonly key: string | undefined;
  /** The prompt, when it was created here. */
  readonly prompt: string | undefined;
  /** `uncertain`, `rejected` (its create was refused: `error` says why), the last status seen, `saved`, or `expired`. */
  readonly state: string;
  /** How long ago the first record of the task was written, in ms. */
  readonly ageMs: number;
  /** Where the video is saved, or is being saved. */
  readonly file: string | undefined;
  /** Why the task failed, or why its video could not be saved. */
  readonly error: string | undefined;
  /**
   * How long its video should still be there, in ms, for a completed video not yet saved (until
   * the gateway's `expires_at`, else 24 h after completion, as documented); `undefined` otherwise.
   * Negative once past.
   */
  readonly urlLeftMs: number | undefined;
  /** Whether `urlLeftMs` counts to the gateway's `expires_at`, rather than to an estimate. */
  readonly expiryReported: boolean;
  /**
   * What the task cost in USD, where its gateway reported it; `undefined` for a journal value that
   * is not a finite number of zero or more (a journal file is text anyone may have edited).
   */
  readonly cost: number | undefined;
  /**
   * Whether it is a completed video not saved, less than 4 h from its expiry (or past an estimated
   * one): about to be lost.
   */
  readonly atRisk: boolean;
  /** The journal file it comes from. */
  readonly journal: string;
}

/** The row of one entry, as of `now` (ms since the epoch). */
export function journalRow(entry: JournalEntry, journal: string, now: number): JournalRow {
  const unsaved = entry.status === 'completed' && entry.saved !== true && entry.expired !== true;
  const expiry = unsaved ? entryExpiry(entry) : undefined;
  const urlLeftMs = expiry === undefined ? undefined : expiry.at - now;
  const state =
    entry.rejected !== undefined
      ? 'rejected'
      : entry.id === undefined
        ? 'uncertain'
        : entry.saved === true
          ? 'saved'
          : entry.expired === true
            ? 'expired'
            : (entry.status ?? 'unknown');
  return {
    id: entry.id,
    key: entry.key,
    prompt: entry.params?.prompt,
    state,
    ageMs: now - entry.since,
    file: entry.file,
    error: entry.error ?? undefined,
    urlLeftMs,
    expiryReported: expiry?.reported === true,
    cost: isCost(entry.cost) ? entry.cost : undefined,
    // Not one its gateway says has expired: that one is lost already, and the table says so.
    atRisk:
      urlLeftMs !== undefined &&
      urlLeftMs < WARN_BEFORE_EXPIRY_MS &&
      !(expiry?.reported === true && urlLeftMs <= 0),
    journal,
  };
}

function isCost(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
