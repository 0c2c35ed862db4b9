import { defer, Observable, Subject, type Subscription, take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TaskResponse } from '../../src/api/task-response.js';
import type { VideoStatus } from '../../src/model/video-status.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { shareTaskWatch } from '../../src/watch/share-task-watch.js';
import { createTestScheduler } from '../helpers/marbles.js';
import { referenceShareTaskWatch } from '../reference/share-task-watch.js';

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

type ShareTaskWatch = typeof shareTaskWatch;

// Every test runs against the hand-written watch and its twin composed from standard operators.
const implementations = [
  ['shareTaskWatch', shareTaskWatch],
  ['referenceShareTaskWatch, its twin', referenceShareTaskWatch],
] as const;

/** A shared watch over a Subject, counting its connections and its ends. */
function watchOverSubject(share: ShareTaskWatch) {
  const poll = new Subject<TaskResponse>();
  let connections = 0;
  let ends = 0;
  const poll$ = new Observable<TaskResponse>((subscriber) => {
    connections += 1;
    return poll.subscribe(subscriber);
  });
  const watch$ = share(poll$, () => (ends += 1));
  return { poll, watch$, counts: () => ({ connections, ends, observers: poll.observed }) };
}

describe.each(implementations)('%s', (_name, share) => {
  it('connects once for all subscribers, emits only changes, and replays the latest to late ones', () => {
    const { poll, watch$, counts } = watchOverSubject(share);
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

  it('polls once for overlapping subscribers and stops polling when the last one leaves', () => {
    const a = response('queued');
    const b = response('processing', 10);
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const poll$ = cold('a-a--b---b', { a, b });
      const watch$ = share(poll$, () => {});
      expectObservable(watch$, '^-------!').toBe('a----b', { a: a.task, b: b.task });
      expectObservable(watch$, '--^--------!').toBe('--a--b', { a: a.task, b: b.task });
      expectObservable(watch$, '-------------^-!').toBe('-------------a-', { a: a.task });
      expectSubscriptions(poll$.subscriptions).toBe(['^----------!', '-------------^-!']);
    });
  });

  it('disconnects and ends once when the last subscriber leaves', () => {
    const { poll, watch$, counts } = watchOverSubject(share);
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
      const { poll, watch$, counts } = watchOverSubject(share);
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
    const { poll, watch$ } = watchOverSubject(share);
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

  it('runs onEnd before the subscribers hear of the end', () => {
    for (const finish of ['error', 'complete'] as const) {
      const poll = new Subject<TaskResponse>();
      const seen: string[] = [];
      const watch$ = share(poll, () => seen.push('end'));
      watch$.subscribe({ error: () => seen.push('error'), complete: () => seen.push('complete') });
      if (finish === 'error') poll.error(new Error('boom'));
      else poll.complete();
      expect(seen).toEqual(['end', finish]);
    }
  });

  it('starts a fresh loop, without the old latest task, for a subscriber that comes after the end', () => {
    const polls: Subject<TaskResponse>[] = [];
    let ends = 0;
    const watch$ = share(
      defer(() => polls[polls.push(new Subject<TaskResponse>()) - 1] as Subject<TaskResponse>),
      () => (ends += 1),
    );
    const seen: string[] = [];
    watch$.subscribe();
    polls[0]?.next(response('processing', 50));
    polls[0]?.complete();
    watch$.subscribe({
      next: (task) => seen.push(`${task.status}:${task.progress}`),
      complete: () => seen.push('complete'),
    });
    expect(polls).toHaveLength(2);
    polls[1]?.next(response('processing', 50));
    polls[1]?.complete();
    expect(seen).toEqual(['processing:50', 'complete']);
    expect(ends).toBe(2);
  });

  describe('with a source that answers synchronously', () => {
    /** A watch over a source that answers `queued` as it is subscribed, counting loops that run. */
    function watchOverSyncSource() {
      let connections = 0;
      let running = 0;
      let ends = 0;
      const poll$ = new Observable<TaskResponse>((subscriber) => {
        connections += 1;
        running += 1;
        subscriber.next(response('queued'));
        return () => {
          running -= 1;
        };
      });
      const watch$ = share(poll$, () => (ends += 1));
      return { watch$, counts: () => ({ connections, running, ends }) };
    }

    it('starts one poll loop when a subscriber subscribes again inside its first value', () => {
      const { watch$, counts } = watchOverSyncSource();
      const seen: string[] = [];
      let inner: Subscription | undefined;
      const outer = watch$.subscribe((task) => {
        seen.push(`outer:${task.status}`);
        inner ??= watch$.subscribe((again) => seen.push(`inner:${again.status}`));
      });
      expect(counts()).toEqual({ connections: 1, running: 1, ends: 0 });
      outer.unsubscribe();
      inner?.unsubscribe();
      expect(seen).toEqual(['outer:queued', 'inner:queued']);
      expect(counts()).toEqual({ connections: 1, running: 0, ends: 1 });
    });

    it('stops the loop when the only subscriber leaves inside its first value', () => {
      const { watch$, counts } = watchOverSyncSource();
      const seen: string[] = [];
      watch$.pipe(take(1)).subscribe((task) => seen.push(task.status));
      expect(seen).toEqual(['queued']);
      expect(counts()).toEqual({ connections: 1, running: 0, ends: 1 });
    });
  });
});
