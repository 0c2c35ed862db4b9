import { describe, expect, it } from 'vitest';
import { JournalFold } from '../../src/journal/journal-fold.js';
import type { JournalRecord } from '../../src/journal/journal-record.js';

// What the fold of a journal's records yields for each sequence: the entries resume, `ls`, learning
// and `forget` read.

function fold(...records: JournalRecord[]): JournalFold {
  const journal = new JournalFold();
  for (const record of records) journal.add(record);
  return journal;
}

const intent = (key: string, at = 1): JournalRecord => ({
  type: 'intent',
  at,
  key,
  params: { prompt: `prompt ${key}` },
});
const created = (key: string, id: string, at = 2, model?: string): JournalRecord =>
  model === undefined ? { type: 'created', at, key, id } : { type: 'created', at, key, id, model };

describe('JournalFold', () => {
  it('has no entry for a key or an id it never saw', () => {
    const journal = fold(intent('k1'), created('k1', 'i1'));
    expect(journal.byKey('k2')).toBeUndefined();
    expect(journal.byId('i2')).toBeUndefined();
    expect(new JournalFold().byKey('k1')).toBeUndefined();
  });

  it('folds a create into one entry, without undefined fields', () => {
    const journal = fold(
      intent('k1'),
      created('k1', 'i1', 2, 'sora-2'),
      { type: 'status', at: 3, id: 'i1', status: 'processing', progress: 50 },
      {
        type: 'status',
        at: 4,
        id: 'i1',
        status: 'completed',
        videoUrl: 'https://v',
        expiresAt: 99,
      },
    );
    const entry = {
      key: 'k1',
      since: 1,
      updatedAt: 4,
      params: { prompt: 'prompt k1' },
      id: 'i1',
      model: 'sora-2',
      completedAt: 4,
      status: 'completed',
      videoUrl: 'https://v',
      expiresAt: 99,
    };
    expect(journal.entries()).toStrictEqual([entry]);
    expect(journal.byId('i1')).toStrictEqual(entry);
    expect(journal.byKey('k1')).toStrictEqual(entry);
  });

  it('keeps the model of the first answer when a later one names none', () => {
    const journal = fold(intent('k1'), created('k1', 'i1', 2, 'sora-2'), created('k1', 'i1', 3));
    expect(journal.byKey('k1')).toMatchObject({ model: 'sora-2', updatedAt: 3 });
  });

  it('keeps when a video expires and what it cost when a later status does not say', () => {
    const journal = fold(
      { type: 'status', at: 1, id: 'i1', status: 'completed', expiresAt: 99, cost: 0.5 },
      { type: 'status', at: 2, id: 'i1', status: 'completed' },
    );
    expect(journal.byId('i1')).toMatchObject({ expiresAt: 99, cost: 0.5, completedAt: 1 });
  });

  it('keeps apart entries that compaction wrote for tasks only watched', () => {
    const journal = fold(
      { type: 'entry', at: 1, entry: { id: 'w1', since: 1, updatedAt: 1, status: 'queued' } },
      { type: 'entry', at: 1, entry: { id: 'w2', since: 1, updatedAt: 1, status: 'queued' } },
      { type: 'status', at: 2, id: 'w1', status: 'completed' },
    );
    expect(journal.size).toBe(2);
    expect(journal.byId('w1')).toMatchObject({ status: 'completed', since: 1, updatedAt: 2 });
    expect(journal.byId('w2')).toMatchObject({ status: 'queued' });
    expect(journal.byKey('w1')).toBeUndefined();
  });

  describe('forget', () => {
    it('drops the entry of a key, and its task id with it', () => {
      const journal = fold(intent('k1'), created('k1', 'i1'), intent('k2'), {
        type: 'forget',
        at: 3,
        key: 'k1',
      });
      expect(journal.byKey('k1')).toBeUndefined();
      expect(journal.byId('i1')).toBeUndefined();
      expect(journal.entries().map((entry) => entry.key)).toEqual(['k2']);
    });

    it('drops the entry of a task id, created here or only watched', () => {
      const journal = fold(
        intent('k1'),
        created('k1', 'i1'),
        { type: 'status', at: 3, id: 'w1', status: 'queued' },
        { type: 'status', at: 3, id: 'w2', status: 'queued' },
        { type: 'forget', at: 4, id: 'i1' },
        { type: 'forget', at: 4, id: 'w1' },
      );
      expect(journal.size).toBe(1);
      expect(journal.byKey('k1')).toBeUndefined();
      expect(journal.byId('i1')).toBeUndefined();
      expect(journal.byId('w1')).toBeUndefined();
      expect(journal.byId('w2')).toMatchObject({ id: 'w2' });
    });

    it('drops by the task id when the key is unknown', () => {
      const journal = fold(intent('k1'), created('k1', 'i1'), {
        type: 'forget',
        at: 3,
        key: 'other',
        id: 'i1',
      });
      expect(journal.size).toBe(0);
    });

    it('drops an intent without a task id', () => {
      const journal = fold(intent('k1'), intent('k2'), { type: 'forget', at: 3, key: 'k1' });
      expect(journal.entries().map((entry) => entry.key)).toEqual(['k2']);
    });

    it('changes nothing for a key or an id it does not know', () => {
      const journal = fold(
        intent('k1'),
        created('k1', 'i1'),
        { type: 'forget', at: 3, key: 'k2' },
        { type: 'forget', at: 3, id: 'i2' },
      );
      expect(journal.size).toBe(1);
      expect(journal.byId('i1')).toMatchObject({ key: 'k1' });
    });

    it('changes nothing for an id whose entry is gone already', () => {
      // The create's answer named another id the second time: the first id points at a dropped entry.
      const journal = fold(
        intent('k1'),
        created('k1', 'i1'),
        created('k1', 'i2', 3),
        { type: 'forget', at: 4, key: 'k1' },
        intent('k3', 5),
        { type: 'forget', at: 6, id: 'i1' },
      );
      expect(journal.entries().map((entry) => entry.key)).toEqual(['k3']);
    });

    it('starts a new entry for a task id seen again after it was forgotten', () => {
      const journal = fold(
        intent('k1'),
        created('k1', 'i1'),
        { type: 'forget', at: 3, key: 'k1' },
        { type: 'status', at: 4, id: 'i1', status: 'queued' },
      );
      expect(journal.byKey('k1')).toBeUndefined();
      expect(journal.entries()).toStrictEqual([
        { id: 'i1', since: 4, updatedAt: 4, status: 'queued' },
      ]);
    });
  });
});
