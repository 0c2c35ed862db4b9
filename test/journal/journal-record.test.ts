import { describe, expect, it } from 'vitest';
import { JournalFold } from '../../src/journal/journal-fold.js';
import { isSettled, type JournalRecord } from '../../src/journal/journal-record.js';

function fold(...records: JournalRecord[]): JournalFold {
  const result = new JournalFold();
  for (const record of records) result.add(record);
  return result;
}

describe('JournalFold', () => {
  it('folds a create, its status changes and its saved file into one entry', () => {
    const entries = fold(
      { type: 'intent', at: 1, key: 'k', params: { prompt: 'a fox' } },
      { type: 'created', at: 2, key: 'k', id: 'v1' },
      { type: 'status', at: 3, id: 'v1', status: 'processing', progress: 40 },
      { type: 'status', at: 4, id: 'v1', status: 'completed', videoUrl: 'https://cdn/v1.mp4' },
      { type: 'download', at: 5, id: 'v1', file: '/v/v1.mp4' },
      { type: 'saved', at: 6, id: 'v1', file: '/v/v1.mp4', bytes: 9, sha256: 'ff' },
    ).entries();
    expect(entries).toEqual([
      {
        key: 'k',
        params: { prompt: 'a fox' },
        id: 'v1',
        since: 1,
        updatedAt: 6,
        status: 'completed',
        videoUrl: 'https://cdn/v1.mp4',
        completedAt: 4,
        file: '/v/v1.mp4',
        saved: true,
        bytes: 9,
        sha256: 'ff',
      },
    ]);
    expect(isSettled(entries[0] as never)).toBe(true);
  });

  it('keeps an intent without its answer as an entry without id: an uncertain create', () => {
    const entry = fold({ type: 'intent', at: 1, key: 'k', params: { prompt: 'x' } }).byKey('k');
    expect(entry).toMatchObject({ key: 'k', params: { prompt: 'x' } });
    expect(entry?.id).toBeUndefined();
    expect(isSettled(entry as never)).toBe(false);
  });

  it('gives a task only watched an entry of its own, by id', () => {
    const result = fold({ type: 'status', at: 1, id: 'w1', status: 'queued' });
    expect(result.byId('w1')).toEqual({ id: 'w1', since: 1, updatedAt: 1, status: 'queued' });
  });

  it('settles a failed task and an expired video, but not a download that failed otherwise', () => {
    const result = fold(
      { type: 'status', at: 1, id: 'f', status: 'failed', error: 'policy' },
      { type: 'status', at: 1, id: 'e', status: 'completed' },
      { type: 'unsaved', at: 2, id: 'e', expired: true, error: 'expired' },
      { type: 'status', at: 1, id: 'd', status: 'completed' },
      { type: 'unsaved', at: 2, id: 'd', expired: false, error: 'ENOSPC' },
    );
    expect(result.entries().map((entry) => [entry.id, isSettled(entry)])).toEqual([
      ['f', true],
      ['e', true],
      ['d', false],
    ]);
  });

  it('reads back the entries compaction wrote, the same as the records they fold', () => {
    const records: JournalRecord[] = [
      { type: 'intent', at: 1, key: 'k', params: { prompt: 'a' } },
      { type: 'created', at: 2, key: 'k', id: 'v1' },
      { type: 'status', at: 3, id: 'w', status: 'queued' },
    ];
    const entries = fold(...records).entries();
    const again = fold(...entries.map((entry): JournalRecord => ({ type: 'entry', at: 9, entry })));
    expect(again.entries()).toEqual(entries);
    expect(again.byId('v1')?.key).toBe('k');
  });
});
