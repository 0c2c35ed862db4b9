import { describe, expect, it } from 'vitest';
import type { Journal } from '../../src/journal/journal.js';
import type { JournalEntry, JournalRecord } from '../../src/journal/journal-record.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import { TaskLog } from '../../src/journal/task-log.js';
import type { VideoTask } from '../../src/model/video-task.js';

// What a client writes to its journal for each event of a task, what it leaves unwritten (nothing
// changed), and when the journal is compacted.

const task = (fields: Partial<VideoTask> & Record<string, unknown> = {}): VideoTask =>
  ({ id: 'v1', status: 'queued', video_url: null, error: null, ...fields }) as VideoTask;

function setUp(records: JournalRecord[] = []) {
  const journal = memoryJournal(records);
  const log = new TaskLog(journal, () => 7);
  return { journal, log };
}

describe('TaskLog', () => {
  it('names its store', () => {
    expect(setUp().log.name).toBe('memory');
  });

  it('tries a failed load again', async () => {
    let loads = 0;
    const journal: Journal = {
      ...memoryJournal(),
      name: 'flaky',
      load: async () => {
        loads++;
        if (loads === 1) throw new Error('disk on fire');
        return [{ type: 'intent', at: 1, key: 'k1', params: { prompt: 'p' } }];
      },
    };
    const log = new TaskLog(journal, () => 7);
    await expect(log.entries()).rejects.toThrow('disk on fire');
    expect(await log.entries()).toEqual([
      { key: 'k1', params: { prompt: 'p' }, since: 1, updatedAt: 1 },
    ]);
    expect(loads).toBe(2);
  });

  it('writes a create with the model the gateway named, and only then', async () => {
    const { journal, log } = setUp();
    await log.recordCreated('k1', task());
    await log.recordCreated(
      'k2',
      task({ id: 'v2', model: 'sora-2', progress: 5, expires_at: 100 }),
    );
    expect(journal.records).toStrictEqual([
      { type: 'created', at: 7, key: 'k1', id: 'v1' },
      { type: 'status', at: 7, id: 'v1', status: 'queued', videoUrl: null, error: null },
      { type: 'created', at: 7, key: 'k2', id: 'v2', model: 'sora-2' },
      {
        type: 'status',
        at: 7,
        id: 'v2',
        status: 'queued',
        videoUrl: null,
        error: null,
        progress: 5,
        expiresAt: 100_000,
      },
    ]);
  });

  describe('recordTask', () => {
    it('writes a change of status, URL, error, cost or expiry, and not a change of progress alone', async () => {
      const { journal, log } = setUp();
      const steps = [
        task({ progress: 1 }),
        task({ progress: 2 }),
        task({ status: 'processing', progress: 3 }),
        task({ status: 'completed', video_url: 'https://v/1' }),
        task({ status: 'completed', video_url: 'https://v/1' }),
        task({ status: 'completed', video_url: 'https://v/2' }),
        task({ status: 'completed', video_url: 'https://v/2', expires_at: 50 }),
        task({ status: 'completed', video_url: 'https://v/2', expires_at: 50 }),
        task({ status: 'completed', video_url: 'https://v/2' }),
        task({ status: 'completed', video_url: 'https://v/2', expires_at: 60 }),
        task({
          status: 'completed',
          video_url: 'https://v/2',
          expires_at: 60,
          usage: { cost: 0.2 },
        }),
        task({ status: 'completed', video_url: 'https://v/2', expires_at: 60 }),
        task({ status: 'failed', error: 'boom' }),
        task({ status: 'failed', error: 'boom' }),
        task({ status: 'failed', error: 'bang' }),
      ];
      for (const step of steps) await log.recordTask(step);
      const written = journal.records.map((record) =>
        record.type === 'status'
          ? [
              record.status,
              record.progress,
              record.videoUrl,
              record.error,
              record.expiresAt,
              record.cost,
            ]
          : record.type,
      );
      expect(written).toEqual([
        ['queued', 1, null, null, undefined, undefined],
        ['processing', 3, null, null, undefined, undefined],
        ['completed', undefined, 'https://v/1', null, undefined, undefined],
        ['completed', undefined, 'https://v/2', null, undefined, undefined],
        ['completed', undefined, 'https://v/2', null, 50_000, undefined],
        ['completed', undefined, 'https://v/2', null, 60_000, undefined],
        ['completed', undefined, 'https://v/2', null, 60_000, 0.2],
        ['failed', undefined, null, 'boom', undefined, undefined],
        ['failed', undefined, null, 'bang', undefined, undefined],
      ]);
      expect(journal.records[2]).not.toHaveProperty('progress');
      expect(journal.records[2]).not.toHaveProperty('expiresAt');
    });
  });

  describe('recordCancelled', () => {
    it('writes nothing for a task the journal does not know', async () => {
      const { journal, log } = setUp();
      await log.recordCancelled('v9', undefined);
      await log.recordCancelled('v9', task({ id: 'v9', status: 'completed' }));
      expect(journal.records).toEqual([]);
    });

    it('writes the task a cancel answered when it ended, else a failure reading as cancelled', async () => {
      const { journal, log } = setUp([{ type: 'created', at: 1, key: 'k1', id: 'v1' }]);
      await log.recordCancelled('v1', undefined);
      await log.recordCancelled('v1', task({ status: 'processing' }));
      await log.recordCancelled('v1', task({ status: 'completed', video_url: 'https://v/1' }));
      const cancelled = {
        type: 'status',
        at: 7,
        id: 'v1',
        status: 'failed',
        videoUrl: null,
        error: 'Task ended with status "cancelled"',
      };
      expect(journal.records.slice(1)).toStrictEqual([
        cancelled,
        cancelled,
        {
          type: 'status',
          at: 7,
          id: 'v1',
          status: 'completed',
          videoUrl: 'https://v/1',
          error: null,
        },
      ]);
    });
  });

  describe('recordDeleted', () => {
    it('writes that the video can never be saved, for a known task not saved yet', async () => {
      const { journal, log } = setUp([
        { type: 'created', at: 1, key: 'k1', id: 'v1' },
        { type: 'created', at: 1, key: 'k2', id: 'v2' },
        { type: 'saved', at: 2, id: 'v2', file: 'v2.mp4', bytes: 3, sha256: 'ab' },
      ]);
      await log.recordDeleted('v1');
      await log.recordDeleted('v2');
      await log.recordDeleted('v3');
      expect(journal.records.slice(3)).toStrictEqual([
        {
          type: 'unsaved',
          at: 7,
          id: 'v1',
          expired: true,
          error: 'The video was deleted from the gateway',
        },
      ]);
    });
  });

  it('writes a destination once per folder', async () => {
    const { journal, log } = setUp();
    await log.recordDestination('v1', 'out');
    await log.recordDestination('v1', 'out');
    await log.recordDestination('v1', 'elsewhere');
    expect(journal.records).toStrictEqual([
      { type: 'destination', at: 7, id: 'v1', dir: 'out' },
      { type: 'destination', at: 7, id: 'v1', dir: 'elsewhere' },
    ]);
  });

  describe('compaction', () => {
    const intents = (from: number, count: number): JournalRecord[] =>
      Array.from({ length: count }, (_, i) => ({
        type: 'intent',
        at: 1,
        key: `k${from + i}`,
        params: { prompt: 'p' },
      }));
    const progress = (count: number): JournalRecord[] =>
      Array.from({ length: count }, () => ({ type: 'status', at: 1, id: 'v1', status: 'queued' }));

    function counted() {
      const journal = memoryJournal();
      const compactions: number[] = [];
      const compact = journal.compact as (entries: readonly JournalEntry[]) => Promise<void>;
      journal.compact = (entries) => {
        compactions.push(entries.length);
        return compact(entries);
      };
      return { journal, compactions, log: new TaskLog(journal, () => 7) };
    }

    it('compacts at 1000 records, and again 1000 records later', async () => {
      const { journal, compactions, log } = counted();
      await log.record(...intents(0, 2), ...progress(997));
      expect(compactions).toEqual([]);
      await log.record(...progress(1));
      expect(compactions).toEqual([3]);
      expect(journal.records).toHaveLength(3);
      await log.record(...progress(996));
      expect(compactions).toEqual([3]);
      await log.record(...progress(1));
      expect(compactions).toEqual([3, 3]);
    });

    it('waits for 4 records per task when there are more than 250 tasks', async () => {
      const { compactions, log } = counted();
      await log.record(...intents(0, 400), ...progress(800));
      expect(compactions).toEqual([]);
      await log.record(...progress(403));
      expect(compactions).toEqual([]);
      await log.record(...progress(1));
      expect(compactions).toEqual([401]);
    });

    it('starts no second compaction while one is under way', async () => {
      const journal = memoryJournal();
      const compactions: number[] = [];
      let release = () => {};
      let started = () => {};
      const running = new Promise<void>((resolve) => {
        started = resolve;
      });
      journal.compact = (entries) => {
        compactions.push(entries.length);
        started();
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      };
      const log = new TaskLog(journal, () => 7);
      const first = log.record(...intents(0, 2), ...progress(998));
      await running;
      const second = log.record(...progress(1000));
      await log.record(...progress(1));
      expect(compactions).toEqual([3]);
      release();
      await Promise.all([first, second]);
      expect(compactions).toEqual([3]);
    });

    it('never compacts a store that cannot', async () => {
      const { compact: _, ...journal } = memoryJournal();
      const log = new TaskLog(journal, () => 7);
      await log.record(...intents(0, 2), ...progress(2000));
      expect(await log.entries()).toHaveLength(3);
    });
  });
});
