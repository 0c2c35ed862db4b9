import { Observable, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { VideoStatus } from '../../src/model/video-status.js';
import type { VideoTask } from '../../src/model/video-task.js';
import type { TaskResponse } from '../../src/video/fetch-video-task.js';
import { TaskWatch } from '../../src/video/task-watch.js';

function response(status: VideoStatus, progress?: number): TaskResponse {
  const task: VideoTask = {
    id: 'sora_1',
    object: 'video.generation',
    created: 0,
    model: 'sora-2',
    status,
    video_url: null,
    error: null,
    ...(progress === undefined ? {} : { progress }),
  };
  return { task, pollAfterMs: undefined };
}

/** A TaskWatch over a Subject, counting its connections and its ends. */
function watchOverSubject() {
  const poll = new Subject<TaskResponse>();
  let connections = 0;
  let ends = 0;
  const poll$ = new Observable<TaskResponse>((subscriber) => {
    connections += 1;
    return poll.subscribe(subscriber);
  });
  const watch = new TaskWatch(poll$, () => (ends += 1));
  const watch$ = new Observable<VideoTask>((subscriber) => watch.add(subscriber));
  return { poll, watch$, counts: () => ({ connections, ends, observers: poll.observed }) };
}

describe('TaskWatch', () => {
  it('connects once for all subscribers, emits only changes, and replays the latest to late ones', () => {
    const { poll, watch$, counts } = watchOverSubject();
    const first: string[] = [];
    const late: string[] = [];
    watch$.subscribe((task) => first.push(`${task.status}:${task.progress}`));
    poll.next(response('queued'));
    poll.next(response('queued'));
    poll.next(response('processing', 10));
    watch$.subscribe((task) => late.push(`${task.status}:${task.progress}`));
    poll.next(response('processing', 10));
    poll.next(response('processing', 40));

    expect(first).toEqual(['queued:undefined', 'processing:10', 'processing:40']);
    expect(late).toEqual(['processing:10', 'processing:40']);
    expect(counts()).toEqual({ connections: 1, ends: 0, observers: true });
  });

  it('disconnects and ends once when the last subscriber leaves', () => {
    const { poll, watch$, counts } = watchOverSubject();
    const a = watch$.subscribe();
    const b = watch$.subscribe();
    poll.next(response('queued'));
    a.unsubscribe();
    expect(counts()).toEqual({ connections: 1, ends: 0, observers: true });
    b.unsubscribe();
    b.unsubscribe();
    expect(counts()).toEqual({ connections: 1, ends: 1, observers: false });
  });

  it('passes an error and a completion to every subscriber, and ends once', () => {
    for (const finish of ['error', 'complete'] as const) {
      const { poll, watch$, counts } = watchOverSubject();
      const seen: string[] = [];
      for (const name of ['a', 'b']) {
        watch$.subscribe({
          error: (error: Error) => seen.push(`${name}:${error.message}`),
          complete: () => seen.push(`${name}:complete`),
        });
      }
      if (finish === 'error') poll.error(new Error('boom'));
      else poll.complete();
      expect(seen).toEqual(
        finish === 'error' ? ['a:boom', 'b:boom'] : ['a:complete', 'b:complete'],
      );
      expect(counts().ends).toBe(1);
    }
  });

  it('keeps delivering to the others when a subscriber leaves while a task is handed out', () => {
    const { poll, watch$ } = watchOverSubject();
    const seen: string[] = [];
    const first = watch$.subscribe(() => {
      seen.push('a');
      second.unsubscribe();
    });
    const second = watch$.subscribe(() => seen.push('b'));
    const third = watch$.subscribe(() => seen.push('c'));
    poll.next(response('queued'));
    expect(seen).toEqual(['a', 'c']);
    first.unsubscribe();
    third.unsubscribe();
  });
});
