import type { JournalEntry } from '../../index.js';

/** How long a video URL lives after its task completes, as the APIs document it. */
const URL_LIFETIME_MS = 24 * 3_600_000;
/** Past this age, a completed video not saved is close to lost: `ls` warns about it. */
const WARN_UNSAVED_AFTER_MS = 20 * 3_600_000;

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
   * How long its video URL should still work, in ms (24 h after completion, as documented), for a
   * completed video not yet saved; `undefined` otherwise. Negative once past.
   */
  readonly urlLeftMs: number | undefined;
  /**
   * What the task cost in USD, where its gateway reported it; `undefined` for a journal value that
   * is not a finite number of zero or more (a journal file is text anyone may have edited).
   */
  readonly cost: number | undefined;
  /** Whether it is a completed video not saved, older than 20 h: about to be lost. */
  readonly atRisk: boolean;
  /** The journal file it comes from. */
  readonly journal: string;
}

/** The row of one entry, as of `now` (ms since the epoch). */
export function journalRow(entry: JournalEntry, journal: string, now: number): JournalRow {
  const unsaved = entry.status === 'completed' && entry.saved !== true && entry.expired !== true;
  const completedAt = entry.completedAt ?? entry.updatedAt;
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
    urlLeftMs: unsaved ? completedAt + URL_LIFETIME_MS - now : undefined,
    cost: isCost(entry.cost) ? entry.cost : undefined,
    atRisk: unsaved && now - completedAt > WARN_UNSAVED_AFTER_MS,
    journal,
  };
}

function isCost(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
