import type { JournalRecord } from './journal-record.js';

/** The record types this version reads; others (from a newer version) are skipped. */
const TYPES = new Set(['intent', 'created', 'status', 'download', 'saved', 'unsaved', 'entry']);

/** What {@link parseJournal} read. */
export interface ParsedJournal {
  /** The records, in order. */
  readonly records: JournalRecord[];
  /**
   * How many bytes of the text hold whole records: the text past them is a record torn by a crash,
   * to be cut off before anything is appended.
   */
  readonly validBytes: number;
  /** Whether the last whole record lacks its newline (the crash came just before it). */
  readonly missingNewline: boolean;
}

/** What one line holds: a record, a line to skip (blank, or of a newer version), or nothing readable. */
function readLine(line: string): JournalRecord | 'skip' | 'broken' {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return line.trim() === '' ? 'skip' : 'broken';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'broken';
  const { type, at } = value as { type?: unknown; at?: unknown };
  return typeof type === 'string' && TYPES.has(type) && typeof at === 'number'
    ? (value as JournalRecord)
    : 'skip';
}

/**
 * Reads a journal of JSON lines. Text after the last newline that is not a whole record (the
 * process or the machine stopped mid-write) is left out; a broken line before it is an error, as
 * the journal was then written by something else or damaged. A JSON object cut anywhere short of
 * its closing brace does not parse, so a cut record is never mistaken for a whole one.
 *
 * @param bytes The file's content.
 * @param onBroken Makes the error for a broken line before the last.
 */
export function parseJournal(
  bytes: Uint8Array,
  onBroken: (line: number, detail: string) => Error,
): ParsedJournal {
  const records: JournalRecord[] = [];
  const lastNewline = bytes.lastIndexOf(0x0a);
  const decoder = new TextDecoder('utf-8');
  // One decode and one split for the whole lines: far faster than a decode per line.
  if (lastNewline > 0) {
    const lines = decoder.decode(bytes.subarray(0, lastNewline)).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const read = readLine(lines[i] as string);
      if (read === 'broken') {
        throw onBroken(i + 1, `has a broken record on line ${i + 1}`);
      }
      if (read !== 'skip') records.push(read);
    }
  }
  const tailStart = lastNewline + 1;
  if (tailStart >= bytes.length) {
    return { records, validBytes: bytes.length, missingNewline: false };
  }
  const tail = readLine(decoder.decode(bytes.subarray(tailStart)));
  if (tail === 'broken') return { records, validBytes: tailStart, missingNewline: false };
  if (tail !== 'skip') records.push(tail);
  return { records, validBytes: bytes.length, missingNewline: true };
}
