import type { JournalEntry, JournalRecord } from './journal-record.js';

/**
 * Where a client keeps its task journal: every create's intent and answer, every status change and
 * every saved file, so that a process that stops at any moment loses no paid-for video. Give one to
 * `createSoraClient({ journal })`: `fileJournal(path)` from `sora-rx/node` writes a crash-safe file,
 * `memoryJournal()` keeps it in memory (tests, browsers); any other store can implement this.
 *
 * The client calls `load` once, before its first record, then `append` for every record, in order.
 */
export interface Journal {
  /** What the store is, for errors and the CLI: a path, or a name. */
  readonly name: string;
  /**
   * Opens the store (taking its lock, if it has one) and resolves with every record it holds, in
   * the order written. A record cut short by a crash is left out, never an error.
   */
  load(): Promise<readonly JournalRecord[]>;
  /**
   * Adds records after the others. It resolves once they are durable (on disk, fsynced, for the
   * file store): a record the promise resolved for survives a crash of the process or the machine.
   */
  append(records: readonly JournalRecord[]): Promise<void>;
  /**
   * Replaces every record with one `entry` record per task (or with nothing for tasks the store
   * may forget): the store's own way to stay small. Optional; the client calls it when the
   * records outnumber the entries many times over.
   */
  compact?(entries: readonly JournalEntry[]): Promise<void>;
  /** Writes what is pending, and lets go of the store (its lock included). */
  close(): Promise<void>;
}
