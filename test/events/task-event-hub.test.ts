import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createTaskEventHub } from '../../src/events/task-event-hub.js';
import type { VideoTaskEvent } from '../../src/model/video-task-event.js';
import { createTestScheduler } from '../helpers/marbles.js';

const done = (id: string): VideoTaskEvent => ({ id, status: 'completed' });

describe('createTaskEventHub', () => {
  it('holds one subscription to the source for every listener, while any listens', () => {
    createTestScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const events = hot<VideoTaskEvent>('-a-b-c', { a: done('1'), b: done('2'), c: done('1') });
      const hub = createTaskEventHub(events);
      expectObservable(hub.terminal$('1'), '^----!').toBe('-a---', { a: done('1') });
      expectObservable(hub.terminal$('2'), '^---!').toBe('---b', { b: done('2') });
      expectSubscriptions(events.subscriptions).toBe('^----!');
    });
  });

  it('ignores events that are not terminal or not events', () => {
    createTestScheduler().run(({ hot, expectObservable }) => {
      const events = hot<unknown>('-a-b-c-d', {
        a: { id: '1', status: 'processing' },
        b: null,
        c: { id: 1, status: 'completed' },
        d: { id: '1', status: 'failed' },
      });
      const hub = createTaskEventHub(events as never);
      expectObservable(hub.terminal$('1')).toBe('-------d', { d: { id: '1', status: 'failed' } });
    });
  });

  it('hands a listener that comes late the terminal event it missed, at once', () => {
    const events = new Subject<VideoTaskEvent>();
    const hub = createTaskEventHub(events);
    const keepAlive = hub.terminal$('other').subscribe();
    events.next(done('1'));
    const heard: VideoTaskEvent[] = [];
    hub.terminal$('1').subscribe((event) => heard.push(event));
    expect(heard).toEqual([done('1')]);
    keepAlive.unsubscribe();
  });

  it('remembers only the last thousand terminal events', () => {
    const events = new Subject<VideoTaskEvent>();
    const hub = createTaskEventHub(events);
    const keepAlive = hub.terminal$('other').subscribe();
    for (let i = 0; i <= 1_000; i++) events.next(done(String(i)));
    const heard: string[] = [];
    for (const id of ['0', '1', '1000']) hub.terminal$(id).subscribe((e) => heard.push(e.id));
    expect(heard).toEqual(['1', '1000']);
    keepAlive.unsubscribe();
  });

  it('errors every listener with the source’s error, and subscribes afresh after it', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const events = cold<VideoTaskEvent>('--#');
      const hub = createTaskEventHub(events);
      expectObservable(hub.terminal$('1')).toBe('--#');
      expectObservable(hub.terminal$('2')).toBe('--#');
      expectObservable(hub.terminal$('3'), '---^').toBe('-----#');
      expectSubscriptions(events.subscriptions).toBe(['^-!', '---^-!']);
    });
  });
});
