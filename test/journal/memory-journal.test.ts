import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JournalEntry, JournalRecord } from '../../src/journal/journal-record.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';

afterEach(() => {
  vi.useRealTimers();
});

const intent: JournalRecord = { type: 'intent', at: 1, key: 'k1', params: { prompt: 'a fox' } };

describe('memoryJournal', () => {
  it('is named "memory", and keeps what it is given and appended', async () => {
    const journal = memoryJournal([intent]);
    expect(journal.name).toBe('memory');
    await journal.append([{ type: 'created', at: 2, key: 'k1', id: 'sora_1' }]);
    expect(await journal.load()).toEqual(journal.records);
    expect(journal.records).toHaveLength(2);
    expect(await journal.load()).toEqual([
      intent,
      { type: 'created', at: 2, key: 'k1', id: 'sora_1' },
    ]);
  });

  it('compacts into one entry record per entry, stamped with the time of the compaction', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    const journal = memoryJournal([intent]);
    const entries = [
      { key: 'k1', since: 1 },
      { key: 'k2', since: 2 },
    ] as unknown as JournalEntry[];
    await journal.compact?.(entries);
    expect(journal.records).toEqual([
      { type: 'entry', at: 1_700_000_000_000, entry: entries[0] },
      { type: 'entry', at: 1_700_000_000_000, entry: entries[1] },
    ]);
    expect(await journal.load()).toEqual(journal.records);
  });
});
