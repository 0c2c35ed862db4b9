import { describe, expect, it } from 'vitest';
import { JournalFold } from '../../src/journal/journal-fold.js';
import type { JournalRecord } from '../../src/journal/journal-record.js';
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
