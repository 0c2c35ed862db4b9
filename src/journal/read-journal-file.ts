import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SoraJournalError, SoraJournalForeignError } from '../errors/journal-errors.js';
import type { JournalRecord } from './journal-record.js';
import { type JournalErrors, parseJournal } from './parse-journal.js';

/**
 * Reads a journal file without taking its lock or changing it, for a look while another process
 * may write it: a torn or half-written last record is left out. A missing file has no records.
 */
export async function readJournalFile(file: string): Promise<JournalRecord[]> {
  const journalPath = path.resolve(file);
  let bytes: Buffer;
  try {
    bytes = await readFile(journalPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SoraJournalError(journalPath, 'could not be read', { cause: error });
  }
  return parseJournal(bytes, journalErrors(journalPath)).records;
}

/** The errors of a journal file that cannot be read: each names the file, and the line if one is bad. */
export function journalErrors(journalPath: string): JournalErrors {
  return {
    broken: (line, detail) => new SoraJournalError(journalPath, detail, { line }),
    foreign: (detail) => new SoraJournalForeignError(journalPath, detail),
  };
}
