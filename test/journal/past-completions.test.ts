import { describe, expect, it } from 'vitest';
import { JournalFold } from '../../src/journal/journal-fold.js';
import type {
  JournalEntry,
  JournalParams,
  JournalRecord,
} from '../../src/journal/journal-record.js';
import { pastCompletions } from '../../src/journal/past-completions.js';

function entriesOf(records: JournalRecord[]) {
  const fold = new JournalFold();
  for (const record of records) fold.add(record);
  return fold.entries();
}

describe('pastCompletions', () => {
  it('reads each created task from its intent to its first completed status, less half an interval', () => {
    const completions = pastCompletions(
      entriesOf([
        { type: 'intent', at: 1_000, key: 'a', params: { prompt: 'p', seconds: '8' } },
        { type: 'created', at: 1_500, key: 'a', id: 'v1', model: 'openai/sora-2' },
        { type: 'status', at: 61_000, id: 'v1', status: 'processing' },
        { type: 'status', at: 106_000, id: 'v1', status: 'completed' },
        { type: 'status', at: 200_000, id: 'v1', status: 'completed', videoUrl: 'x' },
        { type: 'intent', at: 2_000, key: 'b', params: { prompt: 'p', model: 'sora-2-pro' } },
        { type: 'created', at: 2_500, key: 'b', id: 'v2' },
        { type: 'status', at: 302_000, id: 'v2', status: 'completed' },
      ]),
    );
    expect(completions).toEqual([
      { model: 'openai/sora-2', seconds: 8, ageMs: 90_000 },
      { model: 'sora-2-pro', seconds: undefined, ageMs: 285_000 },
    ]);
  });

  it('leaves out a task only watched, one not completed, and times that make no sense', () => {
    const completions = pastCompletions(
      entriesOf([
        { type: 'status', at: 1_000, id: 'w', status: 'processing' },
        { type: 'status', at: 90_000, id: 'w', status: 'completed' },
        { type: 'intent', at: 2_000, key: 'f', params: { prompt: 'p' } },
        { type: 'created', at: 2_500, key: 'f', id: 'v3' },
        { type: 'status', at: 40_000, id: 'v3', status: 'failed' },
        {
          type: 'entry',
          at: 3_000,
          entry: {
            key: 'z',
            id: 'v4',
            params: { prompt: 'p' },
            since: 9_000,
            updatedAt: 9_000,
            completedAt: 5_000,
          },
        },
      ]),
    );
    expect(completions).toEqual([]);
  });

  it('names no model that is not a string', () => {
    const completions = pastCompletions(
      entriesOf([
        {
          type: 'entry',
          at: 3_000,
          entry: {
            key: 'y',
            id: 'v5',
            model: { not: 'a model' } as unknown as string,
            params: { prompt: 'p' },
            since: 0,
            updatedAt: 100_000,
            completedAt: 100_000,
          },
        },
      ]),
    );
    expect(completions).toEqual([{ model: undefined, seconds: undefined, ageMs: 85_000 }]);
  });
});

describe('pastCompletions, entry by entry', () => {
  const entry = (fields: Partial<JournalEntry>): JournalEntry => ({
    key: 'k',
    id: 'v',
    params: { prompt: 'p' },
    since: 0,
    updatedAt: 100_000,
    completedAt: 100_000,
    ...fields,
  });

  it('learns nothing from a completed task it did not create', () => {
    expect(pastCompletions([entry({ key: undefined, params: undefined })])).toEqual([]);
  });

  it('learns a task seen completed at the moment it was created, as of age 0', () => {
    expect(pastCompletions([entry({ since: 50_000, completedAt: 50_000 })])).toEqual([
      { model: undefined, seconds: undefined, ageMs: 0 },
    ]);
  });

  it('names no model the create asked for that is not a string', () => {
    const params = { prompt: 'p', model: 7 } as unknown as JournalParams;
    expect(pastCompletions([entry({ params })])[0]?.model).toBeUndefined();
  });

  it('reads only a positive, finite length', () => {
    const lengths = ['8', 4, '0', 0, '-4', 'Infinity', 'eight'];
    const completions = pastCompletions(
      lengths.map((seconds) =>
        entry({ params: { prompt: 'p', seconds } as unknown as JournalParams }),
      ),
    );
    expect(completions.map((completion) => completion.seconds)).toEqual([
      8,
      4,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('teaches the latest 500 completions', () => {
    const entries = Array.from({ length: 501 }, (_, i) =>
      entry({ since: 0, completedAt: 15_000 + i }),
    );
    const completions = pastCompletions(entries);
    expect(completions).toHaveLength(500);
    expect(completions[0]?.ageMs).toBe(1);
    expect(completions[499]?.ageMs).toBe(500);
  });
});
