import { checkRecord } from './check-record.js';
import type { JournalRecord } from './journal-record.js';

/** The version of the journal format this sora-rx writes and reads. */
const JOURNAL_VERSION = 1;

/** The first line of a journal: what tells it from any other file, with its format's version. */
export const JOURNAL_HEADER = `{"sora-rx-journal":${JOURNAL_VERSION}}\n`;

/** How every record line starts, as `JSON.stringify` writes it: a torn record starts so too. */
const RECORD_START = '{"type":"';

/** The record types this version reads; others (from a newer version) are skipped. */
const TYPES = new Set([
  'intent',
  'created',
  'status',
  'download',
  'destination',
  'saved',
  'unsaved',
  'rejected',
  'forget',
  'entry',
]);

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
  /**
   * Whether the file holds nothing yet (empty, or a header torn by a crash): it is to be started
   * with {@link JOURNAL_HEADER}.
   */
  readonly isNew: boolean;
}

/** How {@link parseJournal} makes its errors. */
export interface JournalErrors {
  /** A line that is not a record, or not of its type's shape: `line` counts from 1. */
  readonly broken: (line: number, detail: string) => Error;
  /** The file is not a journal (or one of a newer version): it must be left untouched. */
  readonly foreign: (detail: string) => Error;
}

/** What one line holds: a record, a line to skip (blank, or of a newer version), or why it is not one. */
function readLine(
  line: string,
): JournalRecord | 'skip' | { readonly wrong: string; readonly parsed?: true } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return line.trim() === '' ? 'skip' : { wrong: 'is not JSON' };
  }
  const wrong = checkValue(value);
  return typeof wrong === 'string' && wrong !== 'skip' ? { wrong, parsed: true } : wrong;
}

/** A parsed line as a record, a line to skip, or why it is not a record. */
function checkValue(value: unknown): JournalRecord | 'skip' | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'is not a JSON object';
  }
  const record = value as Record<string, unknown>;
  if (typeof record.type !== 'string' || typeof record.at !== 'number') {
    return 'is not a record (it has no `type` and `at`)';
  }
  if (!TYPES.has(record.type)) return 'skip';
  const wrong = checkRecord(record);
  return wrong === undefined
    ? (value as JournalRecord)
    : `is a \`${record.type}\` record of the wrong shape (${wrong})`;
}

/** Whether the text after the last newline may be a record cut short by a crash. */
function isTornRecord(tail: string): boolean {
  return tail.startsWith(RECORD_START) || RECORD_START.startsWith(tail);
}

/** The journal version a first line names, or `undefined` when it is no header. */
function headerVersion(line: string): unknown {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value === 'object' && value !== null && 'sora-rx-journal' in value) {
      return (value as Record<string, unknown>)['sora-rx-journal'];
    }
  } catch {
    // Not JSON: no header.
  }
  return undefined;
}

/**
 * Reads a journal of JSON lines. Its first line is {@link JOURNAL_HEADER}; a file without it is
 * read as a journal of an earlier version only if its first line is a record, and is otherwise
 * refused as foreign (`errors.foreign`), as is a header of a newer version: such a file must be
 * left as it is. Text after the last newline that starts as a record but is not a whole one (the
 * process or the machine stopped mid-write) is left out; any other bad line, a record of the
 * wrong shape included, is `errors.broken` naming its line, as the journal was then written by
 * something else or damaged. A JSON object cut anywhere short of its closing brace does not
 * parse, so a cut record is never mistaken for a whole one.
 *
 * @param bytes The file's content.
 * @param errors Makes the errors.
 */
export function parseJournal(bytes: Uint8Array, errors: JournalErrors): ParsedJournal {
  const decoder = new TextDecoder('utf-8');
  const fresh = { records: [], validBytes: 0, missingNewline: false, isNew: true };
  if (bytes.length <= JOURNAL_HEADER.length) {
    const text = decoder.decode(bytes);
    if (JOURNAL_HEADER.startsWith(text) && text !== JOURNAL_HEADER) return fresh;
  }
  const firstNewline = bytes.indexOf(0x0a);
  const firstLine = decoder.decode(firstNewline < 0 ? bytes : bytes.subarray(0, firstNewline));
  const version = headerVersion(firstLine);
  let start = 0;
  if (version === JOURNAL_VERSION) {
    // Without its newline, a header (blanks after it, as JSON allows) is all there is: afresh.
    if (firstNewline < 0) return fresh;
    start = firstNewline + 1;
  } else if (version !== undefined) {
    throw errors.foreign(
      `was written by another version of sora-rx (journal version ${JSON.stringify(version)}; this one reads ${JOURNAL_VERSION})`,
    );
  } else {
    // A journal of an earlier version has no header: its first line must be a record.
    const first = readLine(firstLine);
    const looksTorn = firstNewline < 0 && isTornRecord(firstLine);
    if ((typeof first !== 'object' || 'wrong' in first) && !looksTorn) {
      throw errors.foreign(
        'is not a sora-rx journal: its first line is neither `{"sora-rx-journal":1}` nor a record',
      );
    }
  }
  return parseRecords(bytes, start, errors);
}

/** Reads the record lines of a journal from byte `start`, the first of them line `start === 0 ? 1 : 2`. */
function parseRecords(bytes: Uint8Array, start: number, errors: JournalErrors): ParsedJournal {
  const records: JournalRecord[] = [];
  const decoder = new TextDecoder('utf-8');
  const lineOffset = start === 0 ? 1 : 2;
  const lastNewline = bytes.lastIndexOf(0x0a);
  let count = 0;
  // One decode and one split for the whole lines: far faster than a decode per line.
  if (lastNewline >= start) {
    const lines = decoder.decode(bytes.subarray(start, lastNewline)).split('\n');
    count = lines.length;
    for (let i = 0; i < lines.length; i++) {
      const read = readLine(lines[i] as string);
      if (typeof read === 'object' && 'wrong' in read) {
        throw errors.broken(
          i + lineOffset,
          `has a broken record on line ${i + lineOffset}: it ${read.wrong}`,
        );
      }
      if (read !== 'skip') records.push(read);
    }
  }
  const tailStart = Math.max(lastNewline + 1, start);
  if (tailStart >= bytes.length) {
    return { records, validBytes: bytes.length, missingNewline: false, isNew: false };
  }
  const text = decoder.decode(bytes.subarray(tailStart));
  const tail = readLine(text);
  if (typeof tail === 'object' && 'wrong' in tail) {
    // A record cut short never parses: one that parses is whole, and wrong.
    if (tail.parsed !== true && isTornRecord(text)) {
      return { records, validBytes: tailStart, missingNewline: false, isNew: tailStart === 0 };
    }
    throw errors.broken(
      count + lineOffset,
      `has a broken record on line ${count + lineOffset}: it ${tail.wrong}, nor a record cut short by a crash`,
    );
  }
  if (tail !== 'skip') records.push(tail);
  return { records, validBytes: bytes.length, missingNewline: true, isNew: false };
}
