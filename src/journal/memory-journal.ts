import type { Journal } from './journal.js';
import type { JournalEntry, JournalRecord } from './journal-record.js';

/** A {@link Journal} in memory, with its records for a test to read. */
export interface MemoryJournal extends Journal {
  /** Every record appended, in order (after a compaction, the `entry` records). */
  readonly records: readonly JournalRecord[];
}

/**
 * A task journal kept in memory: it survives no crash, but lets a browser or a test use `resume$`
 * within one process, and shows what a client records.
 *
 * ## Example
 * ```ts
 * const journal = memoryJournal();
 * const sora = createSoraClient({ journal });
 * ```
 * @param records Records to start with, as a store loaded them.
 */
export function memoryJournal(records: readonly JournalRecord[] = []): MemoryJournal {
  let held: JournalRecord[] = [...records];
  return {
    name: 'memory',
    get records() {
      return held;
    },
    load: async () => [...held],
    append: async (added) => {
      held.push(...added);
    },
    compact: async (entries: readonly JournalEntry[]) => {
      const at = Date.now();
      held = entries.map((entry) => ({ type: 'entry', at, entry }));
    },
    close: async () => {},
  };
}
