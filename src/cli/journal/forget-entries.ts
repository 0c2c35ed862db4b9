import type { JournalEntry, JournalRecord } from '../../index.js';
import { fileJournal } from '../../journal/file-journal.js';
import { JournalFold } from '../../journal/journal-fold.js';

/**
 * Lets go of the entries of a journal file that `select` picks: takes its lock, appends a
 * `forget` record for each (durable at once), then compacts the file, so that their prompts and
 * URLs leave the disk too. Resolves with the entries forgotten. A journal in use by another
 * process fails with `SORA_JOURNAL_LOCKED`; one that is not a journal, with its own error.
 */
export async function forgetEntries(
  file: string,
  select: (entry: JournalEntry) => boolean,
): Promise<JournalEntry[]> {
  const journal = fileJournal(file);
  const records = await journal.load();
  try {
    const fold = new JournalFold();
    for (const record of records) fold.add(record);
    const chosen = fold.entries().filter(select);
    if (chosen.length === 0) return [];
    const at = Date.now();
    const forgets = chosen.map(
      (entry): JournalRecord =>
        entry.key === undefined
          ? { type: 'forget', at, id: entry.id }
          : { type: 'forget', at, key: entry.key },
    );
    await journal.append(forgets);
    for (const record of forgets) fold.add(record);
    await journal.compact?.(fold.entries());
    return chosen;
  } finally {
    await journal.close();
  }
}
