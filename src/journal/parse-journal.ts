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

/** Whether a parsed line is a record this version understands. */
function isRecord(value: unknown): value is JournalRecord {
  if (typeof value !== 'object' || value === null) return false;
  const { type, at } = value as { type?: unknown; at?: unknown };
  return typeof type === 'string' && TYPES.has(type) && typeof at === 'number';
}

/**
 * Reads a journal of JSON lines. A last line that is not a whole record (the process or the machine
 * stopped mid-write) is left out; a broken line before it is an error, as the journal was then
 * written by something else or damaged. A JSON object cut anywhere short of its closing brace does
 * not parse, so a cut record is never mistaken for a whole one.
 *
 * @param bytes The file's content.
 * @param onBroken Makes the error for a broken line before the last.
 */
export function parseJournal(
  bytes: Uint8Array,
  onBroken: (line: number, detail: string) => Error,
): ParsedJournal {
  const records: JournalRecord[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let start = 0;
  let line = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    const last = end === -1;
    if (last) end = bytes.length;
    line += 1;
    const text = decoder.decode(bytes.subarray(start, end)).trim();
    if (text !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        if (last) return { records, validBytes: start, missingNewline: false };
        throw onBroken(line, `has a broken record on line ${line}: ${String(error)}`);
      }
      if (isRecord(parsed)) records.push(parsed);
      else if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        if (last) return { records, validBytes: start, missingNewline: false };
        throw onBroken(line, `has a line that is not a record on line ${line}`);
      }
    }
    if (last) return { records, validBytes: bytes.length, missingNewline: text !== '' };
    start = end + 1;
  }
  return { records, validBytes: bytes.length, missingNewline: false };
}
