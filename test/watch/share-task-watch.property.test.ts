import fc from 'fast-check';
import { Observable, type Subscription, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { TaskResponse } from '../../src/api/task-response.js';
import type { VideoStatus } from '../../src/model/video-status.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { shareTaskWatch } from '../../src/watch/share-task-watch.js';
import { referenceShareTaskWatch } from '../reference/share-task-watch.js';

/** Few states, so that the same one often comes twice in a row. */
const STATES: readonly [VideoStatus, number | undefined][] = [
  ['queued', undefined],
  ['processing', 10],
  ['processing', 50],
  ['completed', 100],
];

function response(state: number): TaskResponse {
  const [status, progress] = STATES[state] ?? ['queued', undefined];
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

/** Mostly `undefined`: one script in `1 + rarity` has a value. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, rarity = 3) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: rarity }, { arbitrary, weight: 1 });

const child = fc.record({
  /** Frames it stays; undefined: until the end. */
  leaveAfter: rarely(fc.integer({ min: 0, max: 12 }), 1),
  /** Takes one task and leaves, inside that task's delivery. */
  takeOne: fc.boolean(),
});

const subscriber = fc.record({
  at: fc.integer({ min: 0, max: 20 }),
  leaveAfter: rarely(fc.integer({ min: 0, max: 20 }), 1),
  takeOne: fc.integer({ min: 0, max: 2 }).map((n) => n === 1),
  /** Subscribes again inside its n-th task. */
  againOnTask: rarely(fc.record({ nth: fc.integer({ min: 0, max: 2 }), child }), 1),
  /** Subscribes again when told of the end. */
  againOnEnd: rarely(child, 2),
});

const script = fc.record({
  /** Whether the events at frame 0 of a run come as it is subscribed. */
  sync: fc.boolean(),
  /** The run of the poll loop, from its subscription: states at frames, then maybe an end. */
  events: fc.array(
    fc.record({
      // Often 0: several answers as the run is subscribed.
      at: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 })),
      state: fc.integer({ min: 0, max: STATES.length - 1 }),
    }),
    { maxLength: 6 },
  ),
  end: rarely(fc.record({ at: fc.integer({ min: 0, max: 14 }), fails: fc.boolean() }), 1),
  subscribers: fc.array(subscriber, { minLength: 1, maxLength: 4 }),
  /** Subscribes again inside the first `onEnd`. */
  againInOnEnd: rarely(child, 1),
});

type Script = typeof script extends fc.Arbitrary<infer S> ? S : never;
type Child = typeof child extends fc.Arbitrary<infer C> ? C : never;

/** Plays a script against one implementation in virtual time and logs all it did, by frame. */
function play(share: typeof shareTaskWatch, s: Script): string[] {
  const scheduler = new TestScheduler(() => {});
  const log: string[] = [];
  scheduler.run(() => {
    const at = (entry: string) => log.push(`${scheduler.now()} ${entry}`);
    const events = [...s.events].sort((a, b) => a.at - b.at);

    let runs = 0;
    const poll$ = new Observable<TaskResponse>((observer) => {
      const run = runs++;
      at(`run ${run} starts`);
      const timers: Subscription[] = [];
      const when = (frame: number, work: () => void) => {
        if (frame === 0 && s.sync) work();
        else timers.push(scheduler.schedule(work, frame));
      };
      for (const { at: frame, state } of events) when(frame, () => observer.next(response(state)));
      if (s.end !== undefined) {
        const { fails } = s.end;
        when(s.end.at, () => (fails ? observer.error(new Error('failed')) : observer.complete()));
      }
      return () => {
        at(`run ${run} stops`);
        for (const timer of timers) timer.unsubscribe();
      };
    });

    let ends = 0;
    const watch$ = share(poll$, () => {
      at('end');
      ends += 1;
      if (ends === 1 && s.againInOnEnd !== undefined) join('in-onEnd', s.againInOnEnd);
    });

    /** Subscribes a subscriber that logs under `name`; `again` subscribes others from it. */
    function join(
      name: string,
      spec: Child,
      again: { onTask?: { nth: number; child: Child }; onEnd?: Child } = {},
    ): void {
      let tasks = 0;
      const task$ = spec.takeOne ? watch$.pipe(take(1)) : watch$;
      const subscription = task$.subscribe({
        next: (task) => {
          at(`${name} ${task.status}:${task.progress}`);
          if (again.onTask?.nth === tasks) join(`${name}/again`, again.onTask.child);
          tasks += 1;
        },
        error: (error: Error) => {
          at(`${name} error: ${error.message}`);
          if (again.onEnd) join(`${name}/after`, again.onEnd);
        },
        complete: () => {
          at(`${name} complete`);
          if (again.onEnd) join(`${name}/after`, again.onEnd);
        },
      });
      if (spec.leaveAfter !== undefined) {
        scheduler.schedule(() => {
          at(`${name} leaves`);
          subscription.unsubscribe();
        }, spec.leaveAfter);
      }
    }

    s.subscribers.forEach((spec, index) => {
      scheduler.schedule(() => {
        join(`s${index}`, spec, {
          ...(spec.againOnTask === undefined ? {} : { onTask: spec.againOnTask }),
          ...(spec.againOnEnd === undefined ? {} : { onEnd: spec.againOnEnd }),
        });
      }, spec.at);
    });
  });
  return log;
}

describe('shareTaskWatch and its reference twin', () => {
  it('do the same over random scripts: tasks, ends and poll runs, in order, frame by frame', () => {
    fc.assert(
      fc.property(script, (s) => {
        expect(play(shareTaskWatch, s)).toEqual(play(referenceShareTaskWatch, s));
      }),
      { numRuns: 200 },
    );
  });
});
