import { firstValueFrom, map, type Observable, of, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DownloadOptions } from '../../src/download/download-types.js';
import type { VideoEvent } from '../../src/download/download-when-completed.js';
import type { JournalRecord } from '../../src/journal/journal-record.js';
import { memoryJournal } from '../../src/journal/memory-journal.js';
import {
  type ResumeDeps,
  type ResumeOptions,
  resumeFromJournal,
} from '../../src/journal/resume.js';
import { TaskLog } from '../../src/journal/task-log.js';
import type { VideoTask } from '../../src/model/video-task.js';

// What resumeFromJournal makes of each unsettled entry, and which options it refuses, with the
// server side (watch, download, recreate) played in process.

const task = (id: string, status: VideoTask['status'] = 'processing'): VideoTask => ({
  id,
  status,
  video_url: null,
  error: null,
});

const running: JournalRecord[] = [
  { type: 'intent', at: 1, key: 'k1', params: { prompt: 'a fox' } },
  { type: 'created', at: 2, key: 'k1', id: 'v1' },
  { type: 'status', at: 3, id: 'v1', status: 'processing' },
];
const uncertain: JournalRecord[] = [
  { type: 'intent', at: 1, key: 'k2', params: { prompt: 'a cat' } },
];

function deps(overrides: Partial<ResumeDeps> = {}) {
  const downloads: DownloadOptions[] = [];
  const recreated: string[] = [];
  const all: ResumeDeps = {
    watch: (id) => of(task(id)),
    downloadWhenCompleted: (options) => {
      downloads.push(options);
      return map((watched): VideoEvent => ({ type: 'task', task: watched }));
    },
    recreate: (key) => {
      recreated.push(key);
      return of(task('v9', 'queued'));
    },
    ...overrides,
  };
  return { all, downloads, recreated };
}

function resume(
  records: JournalRecord[],
  options: ResumeOptions,
  overrides: Partial<ResumeDeps> = {},
): { events: Promise<unknown[]>; downloads: DownloadOptions[]; recreated: string[] } {
  const log = new TaskLog(memoryJournal(records), () => 7);
  const { all, downloads, recreated } = deps(overrides);
  const events$: Observable<unknown> = resumeFromJournal(log, all, options);
  return { events: firstValueFrom(events$.pipe(toArray())), downloads, recreated };
}

describe('resumeFromJournal', () => {
  it('takes every option it documents', async () => {
    const { events, downloads } = resume(running, {
      dir: 'out',
      defaultDir: 'fallback',
      recreateUncertain: false,
      concurrency: 2,
      download: { keepPartial: true },
    });
    expect(await events).toEqual([{ type: 'task', id: 'v1', key: 'k1', task: task('v1') }]);
    expect(downloads).toEqual([{ keepPartial: true, dir: 'out' }]);
  });

  it('refuses an option it does not know, naming it', () => {
    expect(() => resume(running, { folder: 'out' } as ResumeOptions)).toThrow(
      new TypeError(
        'Unknown option `folder` in `options`; expected one of dir, defaultDir, recreateUncertain, concurrency, download',
      ),
    );
  });

  it.each([
    [{ dir: '' }, 'Expected `dir` to be a folder path'],
    [{ defaultDir: 5 }, 'Expected `defaultDir` to be a folder path'],
    [
      { concurrency: 0 },
      'Expected `concurrency` to be a whole number of at least 1, or Infinity, got 0',
    ],
  ])('refuses %j before anything is read', (options, message) => {
    expect(() => resume(running, options as ResumeOptions)).toThrow(new TypeError(message));
  });

  it('reports a task it cannot watch as an error of that task', async () => {
    const error = new Error('gone');
    const { events } = resume(running, {}, { watch: () => throwError(() => error) });
    expect(await events).toEqual([{ type: 'error', id: 'v1', key: 'k1', error }]);
  });

  it('reports an uncertain create, and sends it again only when asked', async () => {
    const left = resume(uncertain, {});
    const [event] = (await left.events) as [Record<string, unknown>];
    expect(event).toMatchObject({ type: 'uncertain', key: 'k2', params: { prompt: 'a cat' } });
    expect(left.recreated).toEqual([]);

    const sent = resume(uncertain, { recreateUncertain: true });
    expect(await sent.events).toEqual([{ type: 'task', id: 'v9', key: 'k2', task: task('v9') }]);
    expect(sent.recreated).toEqual(['k2']);
  });

  it('saves a recreated task into the folder the journal names', async () => {
    const { events, downloads } = resume(uncertain, {
      recreateUncertain: true,
      defaultDir: 'fallback',
    });
    await events;
    expect(downloads).toEqual([{ dir: 'fallback' }]);
  });

  it('reports a recreate that failed as an error of its key', async () => {
    const error = new Error('refused');
    const { events } = resume(
      uncertain,
      { recreateUncertain: true },
      { recreate: () => throwError(() => error) },
    );
    expect(await events).toEqual([{ type: 'error', id: undefined, key: 'k2', error }]);
  });
  it('reports as uncertain, and never sends, a create whose params the journal lost', async () => {
    // A compacted entry of a create whose answer never came, its params left out by hand.
    const lost: JournalRecord[] = [
      { type: 'entry', at: 1, entry: { key: 'k3', since: 1, updatedAt: 1 } },
    ];
    const { events, recreated } = resume(lost, { recreateUncertain: true });
    const [event] = (await events) as [Record<string, unknown>];
    expect(event).toMatchObject({ type: 'uncertain', key: 'k3', params: undefined });
    expect(recreated).toEqual([]);
  });
});
