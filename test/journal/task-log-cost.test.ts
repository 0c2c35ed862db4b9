import { describe, expect, it } from 'vitest';
import { JournalFold } from '../../src/journal/journal-fold.js';
import type { JournalRecord } from '../../src/journal/journal-record.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import { TaskLog } from '../../src/journal/task-log.js';
import type { VideoTask } from '../../src/model/video-task.js';

const task = (status: VideoTask['status'], usage?: unknown) =>
  ({ id: 'gen-1', status, video_url: null, error: null, usage }) as VideoTask;

describe('the cost of a task in the journal', () => {
  it('records the cost a gateway reported, once, and nothing that is not a cost', async () => {
    const journal = memoryJournal();
    const log = new TaskLog(journal, () => 7);
    await log.recordTask(task('processing', { cost: 'soon' }));
    await log.recordTask(task('completed'));
    await log.recordTask(task('completed', { cost: 0.4, is_byok: false }));
    await log.recordTask(task('completed', { cost: 0.4, is_byok: false }));
    const statuses = journal.records.filter((record) => record.type === 'status');
    expect(statuses.map((record) => record.cost)).toEqual([undefined, undefined, 0.4]);
    expect(statuses[0]).not.toHaveProperty('cost');
    expect((await log.entries())[0]).toMatchObject({ id: 'gen-1', cost: 0.4 });
  });

  it('keeps the last cost reported when a later status reports none', () => {
    const fold = new JournalFold();
    const records: JournalRecord[] = [
      { type: 'status', at: 1, id: 'v1', status: 'processing', cost: 0.1 },
      { type: 'status', at: 2, id: 'v1', status: 'completed', cost: 0.4 },
      { type: 'status', at: 3, id: 'v1', status: 'completed', videoUrl: 'https://cdn/v1.mp4' },
    ];
    for (const record of records) fold.add(record);
    expect(fold.byId('v1')).toMatchObject({ status: 'completed', cost: 0.4 });
  });
});
