import { firstValueFrom, identity, map, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TaskResponse } from '../../src/api/task-response.js';
import type { VideoEvent } from '../../src/download/download-when-completed.js';
import { createJournalHooks, NO_JOURNAL_HOOKS } from '../../src/journal/journal-hooks.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import type { VideoTask } from '../../src/model/video-task.js';

// Each hook of a client's journal on its own (journal-hooks.test.ts drives them through a client):
// what it passes on and what it writes.

const task = (id: string, status: VideoTask['status'] = 'processing'): VideoTask => ({
  id,
  status,
  video_url: null,
  error: null,
});

describe('the hooks of a client without a journal', () => {
  it('save into any folder without writing anything', () => {
    expect(NO_JOURNAL_HOOKS.destination({ dir: 'out' })).toBe(identity);
  });
});

describe('createJournalHooks', () => {
  it('keeps the part file of a download unless the call says otherwise', () => {
    const hooks = createJournalHooks(memoryJournal(), undefined);
    expect(hooks.downloadOptions(undefined as never)).toEqual({ keepPartial: true });
    expect(hooks.downloadOptions({ dir: 'out' })).toEqual({ dir: 'out', keepPartial: true });
    const own = { dir: 'out', keepPartial: false };
    expect(hooks.downloadOptions(own)).toBe(own);
  });

  it('writes a cancel, and passes the answered task on', async () => {
    const journal = memoryJournal([{ type: 'created', at: 1, key: 'k1', id: 'v1' }]);
    const hooks = createJournalHooks(journal, undefined);
    const answered = task('v1', 'completed');
    expect(await firstValueFrom(of(answered).pipe(hooks.cancelled('v1')))).toBe(answered);
    expect(journal.records.at(-1)).toMatchObject({ type: 'status', id: 'v1', status: 'completed' });
  });

  it('writes no destination without options, and no saved file without a way to record it', () => {
    const hooks = createJournalHooks(memoryJournal(), undefined);
    expect(hooks.destination(undefined as never)).toBe(identity);
    expect(hooks.saved('v1')).toBe(identity);
  });

  it('sends an uncertain create again without writing its intent a second time', async () => {
    const journal = memoryJournal([
      { type: 'intent', at: 1, key: 'k1', params: { prompt: 'a fox' } },
    ]);
    const hooks = createJournalHooks(journal, undefined);
    const sent: [unknown, string | undefined][] = [];
    const events = await firstValueFrom(
      hooks
        .resume$(
          {
            send: (params, key) => {
              sent.push([params, key]);
              return of({ task: task('v1', 'queued') } as unknown as TaskResponse);
            },
            watch: (id) => of(task(id)),
            downloadWhenCompleted: () =>
              map((watched): VideoEvent => ({ type: 'task', task: watched })),
          },
          { recreateUncertain: true, defaultDir: 'out' },
        )
        .pipe(toArray()),
    );
    expect(sent).toEqual([[{ prompt: 'a fox' }, 'k1']]);
    expect(events).toEqual([{ type: 'task', id: 'v1', key: 'k1', task: task('v1') }]);
    expect(journal.records.map((record) => record.type)).toEqual(['intent', 'created', 'status']);
  });
});
