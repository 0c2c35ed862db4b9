import { firstValueFrom, from, identity, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import { recordDestination } from '../../src/journal/record-destination.js';
import { TaskLog } from '../../src/journal/task-log.js';
import type { VideoTask } from '../../src/model/video-task.js';

const task = (id: string, status: VideoTask['status'] = 'queued'): VideoTask => ({
  id,
  status,
  video_url: null,
  error: null,
});

describe('recordDestination', () => {
  it('writes nothing without a folder (an exact file, or none)', () => {
    const log = new TaskLog(memoryJournal(), () => 7);
    expect(recordDestination(log, undefined)).toBe(identity);
    expect(recordDestination(log, '')).toBe(identity);
    expect(recordDestination(log, 'out')).not.toBe(identity);
  });

  it('writes the folder once per task, before its first event passes', async () => {
    const journal = memoryJournal();
    const log = new TaskLog(journal, () => 7);
    const write = vi.spyOn(log, 'recordDestination');
    const tasks = [task('v1'), task('v1', 'processing'), task('v2'), task('v1', 'completed')];
    const passed = await firstValueFrom(from(tasks).pipe(recordDestination(log, 'out'), toArray()));
    expect(passed).toEqual(tasks);
    expect(write.mock.calls).toEqual([
      ['v1', 'out'],
      ['v2', 'out'],
    ]);
    expect(journal.records).toEqual([
      { type: 'destination', at: 7, id: 'v1', dir: 'out' },
      { type: 'destination', at: 7, id: 'v2', dir: 'out' },
    ]);
  });
});
