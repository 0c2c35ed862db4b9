import type { JournalEntry } from './journal-record.js';

/**
 * How long after its completion a task was first seen completed, taken as half the default
 * interval: the journal keeps when a task was seen done, not when it was last seen running.
 */
const SEEN_AFTER_MS = 15_000;
/** The most completions a journal teaches: the latest ones. */
const MOST = 500;

/** A completion that a journal remembers, as the schedule learns it. */
export interface PastCompletion {
  /** The model, as the gateway named it (or as the create asked for it). */
  readonly model: string | undefined;
  /** The length the create asked for, in seconds, if it named one. */
  readonly seconds: number | undefined;
  /** About how old the task was when it completed, in milliseconds. */
  readonly ageMs: number;
}

/**
 * The completions of the tasks a journal's client created, latest last: each from its create's
 * intent to the first time it was seen completed, less half an interval. A task only watched has
 * no known creation, so it teaches nothing; nor does a time that makes no sense.
 */
export function pastCompletions(entries: Iterable<JournalEntry>): PastCompletion[] {
  const completions: PastCompletion[] = [];
  for (const { params, model, since, completedAt } of entries) {
    if (params === undefined || completedAt === undefined) continue;
    const ageMs = Math.max(0, completedAt - since - SEEN_AFTER_MS);
    if (!(Number.isFinite(ageMs) && completedAt >= since)) continue;
    const seconds = Number(params.seconds);
    // A journal is a file anyone may have edited: only a string names a model.
    const named = typeof model === 'string' ? model : params.model;
    completions.push({
      model: typeof named === 'string' ? named : undefined,
      seconds: Number.isFinite(seconds) && seconds > 0 ? seconds : undefined,
      ageMs,
    });
  }
  return completions.slice(-MOST);
}
