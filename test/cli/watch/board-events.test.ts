import { defer, type Observable, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { watchBoard$ } from '../../../src/cli/watch/board-events.js';
import { downloadOnCompletion } from '../../../src/download/download-when-completed.js';
import { SoraNotFoundError, type VideoTask } from '../../../src/index.js';
import { makeProgress, makeTask } from '../fixtures.js';

let scheduler: TestScheduler;

beforeEach(() => {
  scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const queued = makeTask({ id: 'a' });
const done = makeTask({ id: 'a', status: 'completed', video_url: 'https://cdn/a.mp4' });
const failed = makeTask({ id: 'b', status: 'failed', error: 'blocked' });

describe('watchBoard$', () => {
  it("merges every task's events, and one task's error neither stops the others nor escapes", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold<VideoTask>('q--c|', { q: queued, c: done });
      const b = cold<VideoTask>('-f|', { f: failed });
      const missing = cold<VideoTask>('--#', undefined, notFound());

      const events$ = watchBoard$([
        { init: { key: 'a' }, task$: a },
        { init: { key: 'b' }, task$: b },
        { init: { key: 'm' }, task$: missing },
      ]);

      expectObservable(events$).toBe('qfec|', {
        q: { type: 'task', key: 'a', task: queued },
        f: { type: 'task', key: 'b', task: failed },
        e: {
          type: 'error',
          key: 'm',
          error: { code: 'SORA_NOT_FOUND', message: expect.stringContaining('404') },
        },
        c: { type: 'task', key: 'a', task: done },
      });
      expectSubscriptions(a.subscriptions).toBe('^---!');
      expectSubscriptions(missing.subscriptions).toBe('^-!');
    });
  });

  it('follows a completed task with its download events, keyed by row', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const progress = makeProgress({ bytes: 5 });
      const saved = makeProgress({ bytes: 10, done: true });
      const download$ = (): Observable<typeof progress> => cold('-p-s|', { p: progress, s: saved });

      const events$ = watchBoard$(
        [{ init: { key: 'a' }, task$: cold('q-c|', { q: queued, c: done }) }],
        downloadOnCompletion(download$),
      );

      expectObservable(events$).toBe('q-cp-s|', {
        q: { type: 'task', key: 'a', task: queued },
        c: { type: 'task', key: 'a', task: done },
        p: { type: 'download', key: 'a', progress },
        s: { type: 'download', key: 'a', progress: saved },
      });
    });
  });

  it('turns an error that is not a sora-rx error into an ERR_UNEXPECTED event for its row', () => {
    const events: unknown[] = [];
    watchBoard$([
      {
        init: { key: 'x' },
        task$: defer(() => throwError(() => new TypeError('Expected `id` to be a task id'))),
      },
    ]).subscribe((event) => events.push(event));

    expect(events).toEqual([
      {
        type: 'error',
        key: 'x',
        error: { code: 'ERR_UNEXPECTED', message: 'Expected `id` to be a task id' },
      },
    ]);
  });
});

function notFound(): SoraNotFoundError {
  return new SoraNotFoundError({
    method: 'GET',
    url: 'https://api.example.com/v1/videos/m',
    status: 404,
  });
}
