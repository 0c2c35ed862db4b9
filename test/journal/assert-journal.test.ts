import { describe, expect, it } from 'vitest';
import { assertJournal } from '../../src/journal/assert-journal.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';

const message = (missing: string) =>
  `Expected \`journal\` to be a Journal such as fileJournal(path), with load(), append() and close(); missing ${missing}`;

describe('assertJournal', () => {
  it('accepts undefined and a journal', () => {
    expect(() => assertJournal(undefined)).not.toThrow();
    expect(() => assertJournal(memoryJournal())).not.toThrow();
  });

  it('refuses what is not an object, null and a function included, naming every method', () => {
    const methods = { load: () => {}, append: () => {}, close: () => {} };
    for (const value of [null, 'journal.jsonl', 5, true, Object.assign(() => {}, methods)]) {
      expect(() => assertJournal(value)).toThrow(new TypeError(message('load, append, close')));
    }
  });

  it('names the methods an object lacks', () => {
    expect(() => assertJournal({ load: () => {}, close: 'no' })).toThrow(
      new TypeError(message('append, close')),
    );
  });
});
