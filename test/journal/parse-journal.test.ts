import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/journal/journal-record.js';
import {
  JOURNAL_HEADER,
  type JournalErrors,
  parseJournal,
} from '../../src/journal/parse-journal.js';

// How the text of a journal is read back: which lines are records, which are skipped, which are a
// record torn by a crash (cut off), and the exact error, naming the line, for anything else.

const errors: JournalErrors = {
  broken: (line, detail) => new Error(`broken ${line}: ${detail}`),
  foreign: (detail) => new Error(`foreign: ${detail}`),
};
const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (text: string) => parseJournal(bytes(text), errors);
const line = (record: unknown) => `${JSON.stringify(record)}\n`;
/** What a new journal reads as: no records, nothing valid. */
const fresh = { records: [], validBytes: 0, missingNewline: false, isNew: true };

const records: JournalRecord[] = [
  { type: 'intent', at: 1, key: 'k', params: { prompt: 'a fox' } },
  { type: 'created', at: 2, key: 'k', id: 'i' },
  { type: 'status', at: 3, id: 'i', status: 'completed', videoUrl: 'https://v' },
  { type: 'destination', at: 4, id: 'i', dir: 'out' },
  { type: 'download', at: 5, id: 'i', file: 'out/i.mp4' },
  { type: 'unsaved', at: 6, id: 'i', expired: true, error: 'gone' },
  { type: 'saved', at: 7, id: 'i', file: 'out/i.mp4', bytes: 3, sha256: 'ab' },
  { type: 'rejected', at: 8, key: 'k2', status: 400, reason: 'bad prompt' },
  { type: 'forget', at: 9, key: 'k2' },
  { type: 'entry', at: 10, entry: { key: 'k3', since: 1, updatedAt: 2 } },
];

describe('parseJournal', () => {
  it('reads every record type back, in order', () => {
    const text = JOURNAL_HEADER + records.map(line).join('');
    expect(parse(text)).toEqual({
      records,
      validBytes: bytes(text).length,
      missingNewline: false,
      isNew: false,
    });
  });

  it('reads an empty file, and a header torn by a crash, as a new journal', () => {
    expect(parse('')).toEqual(fresh);
    expect(parse('{"sora-rx-jour')).toEqual(fresh);
    expect(parse(JOURNAL_HEADER.slice(0, -1))).toEqual(fresh);
  });

  it('reads a header alone as an empty journal that is not new', () => {
    expect(parse(JOURNAL_HEADER)).toEqual({
      records: [],
      validBytes: JOURNAL_HEADER.length,
      missingNewline: false,
      isNew: false,
    });
  });

  it('skips blank lines, lines of spaces, and records of a type it does not know', () => {
    const text = `${JOURNAL_HEADER}\n   \n${line({ type: 'future', at: 1 })}${line(records[0])}\t\n`;
    expect(parse(text).records).toEqual([records[0]]);
  });

  it('reads the last record without its newline, and says it lacks one', () => {
    const text = JOURNAL_HEADER + line(records[0]) + JSON.stringify(records[1]);
    expect(parse(text)).toEqual({
      records: [records[0], records[1]],
      validBytes: bytes(text).length,
      missingNewline: true,
      isNew: false,
    });
  });

  it('skips a last line of spaces, or of a record type it does not know, without its newline', () => {
    const spaces = `${JOURNAL_HEADER}${line(records[0])}   `;
    expect(parse(spaces)).toEqual({
      records: [records[0]],
      validBytes: bytes(spaces).length,
      missingNewline: true,
      isNew: false,
    });
    const future = `${JOURNAL_HEADER}${line(records[0])}{"type":"future","at":3}`;
    expect(parse(future).records).toEqual([records[0]]);
  });

  it('cuts off a record torn by a crash', () => {
    const whole = JOURNAL_HEADER + line(records[0]);
    for (const torn of ['{', '{"ty', '{"type":"', '{"type":"created","at":2,"key":"k"']) {
      expect(parse(whole + torn)).toEqual({
        records: [records[0]],
        validBytes: bytes(whole).length,
        missingNewline: false,
        isNew: false,
      });
    }
    expect(parse(`${JOURNAL_HEADER}{"type":"inte`)).toEqual({
      records: [],
      validBytes: JOURNAL_HEADER.length,
      missingNewline: false,
      isNew: false,
    });
  });

  it('reads a torn first record of a journal without header (an earlier version) as a new one', () => {
    expect(parse('{"type":"intent","at":1,"key":"k","par')).toEqual(fresh);
  });

  it('reads a journal without header whose first line is a record (an earlier version)', () => {
    const text = line(records[0]) + line(records[1]);
    expect(parse(text)).toEqual({
      records: [records[0], records[1]],
      validBytes: bytes(text).length,
      missingNewline: false,
      isNew: false,
    });
    expect(parse(JSON.stringify(records[0])).records).toEqual([records[0]]);
  });

  it.each([
    ['hello', 'its first line'],
    ['buy milk\ncall Ann\n', 'its first line'],
    ['\n{"type":"intent","at":1,"key":"k","params":{}}\n', 'a blank first line'],
    [
      '{"type":"intent"\n{"type":"intent","at":1,"key":"k","params":{}}\n',
      'a first line that starts as a record',
    ],
    ['{"type":"intent","at":1,"key":"k","params":{}}x\n', 'a first record followed by text'],
    ['5\n', 'a number'],
    ['{"level":"info"}\n', 'an object of something else'],
  ])('refuses %j (%s) as foreign', (text) => {
    expect(() => parse(text)).toThrow(
      new Error(
        'foreign: is not a sora-rx journal: its first line is neither `{"sora-rx-journal":1}` nor a record',
      ),
    );
  });

  it('refuses a journal of another version, with or without its newline', () => {
    for (const text of [
      '{"sora-rx-journal":2}',
      '{"sora-rx-journal":2}\n',
      '{"sora-rx-journal":"1"}\n',
    ]) {
      const version = JSON.stringify(JSON.parse(text)['sora-rx-journal']);
      expect(() => parse(text)).toThrow(
        new Error(
          `foreign: was written by another version of sora-rx (journal version ${version}; this one reads 1)`,
        ),
      );
    }
  });

  it.each([
    ['not json', 'is not JSON'],
    ['5', 'is not a JSON object'],
    ['null', 'is not a JSON object'],
    ['"text"', 'is not a JSON object'],
    ['[{"type":"intent","at":1}]', 'is not a JSON object'],
    ['{"type":"intent"}', 'is not a record (it has no `type` and `at`)'],
    ['{"at":1}', 'is not a record (it has no `type` and `at`)'],
    ['{"type":3,"at":1}', 'is not a record (it has no `type` and `at`)'],
    ['{"type":"intent","at":"1"}', 'is not a record (it has no `type` and `at`)'],
    [
      '{"type":"created","at":1,"key":"k"}',
      'is a `created` record of the wrong shape (id: expected a string, got undefined)',
    ],
    [
      '{"type":"status","at":1,"id":"i","status":"queued","progress":1e999}',
      'is a `status` record of the wrong shape (progress: expected a number or nothing, got number)',
    ],
  ])('names the line of a broken record %j: it %s', (bad, why) => {
    const text = `${JOURNAL_HEADER}${line(records[0])}${bad}\n${line(records[1])}`;
    expect(() => parse(text)).toThrow(
      new Error(`broken 3: has a broken record on line 3: it ${why}`),
    );
    // Without a header the lines count from the first.
    const old = `${line(records[0])}${bad}\n${line(records[1])}`;
    expect(() => parse(old)).toThrow(
      new Error(`broken 2: has a broken record on line 2: it ${why}`),
    );
  });

  it('names the last line when it is neither a record nor one cut short by a crash', () => {
    expect(() => parse(`${JOURNAL_HEADER}garbage`)).toThrow(
      new Error(
        'broken 2: has a broken record on line 2: it is not JSON, nor a record cut short by a crash',
      ),
    );
    expect(() => parse(`${JOURNAL_HEADER}\ngarbage`)).toThrow(
      new Error(
        'broken 3: has a broken record on line 3: it is not JSON, nor a record cut short by a crash',
      ),
    );
    expect(() => parse(`${JOURNAL_HEADER}${line(records[0])}{"type":"created","at":2}`)).toThrow(
      new Error(
        'broken 3: has a broken record on line 3: it is a `created` record of the wrong shape (key: expected a string, got undefined), nor a record cut short by a crash',
      ),
    );
    expect(() => parse(`${line(records[0])}[1]`)).toThrow(
      new Error(
        'broken 2: has a broken record on line 2: it is not a JSON object, nor a record cut short by a crash',
      ),
    );
  });
});

describe('parseJournal, a header whose newline never came', () => {
  it('starts afresh from a header of this version followed by blanks and no newline', () => {
    expect(parse('{"sora-rx-journal":1}  ')).toEqual(fresh);
  });

  it('still refuses a header of another version without its newline', () => {
    expect(() => parse('{"sora-rx-journal":2}  ')).toThrow(
      'foreign: was written by another version of sora-rx (journal version 2; this one reads 1)',
    );
  });
});
