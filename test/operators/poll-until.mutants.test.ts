// What the main pollUntil tests leave open: the options each TypeError names, a delay of 0, the
// timers it holds while a request is in flight, the teardowns of `replan`, and callbacks after the end.
import { NEVER, Observable, of, type SchedulerLike, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/operators/poll-until.js';
import { createTestScheduler } from '../helpers/marbles.js';
import { referencePollUntil } from '../reference/poll-until.js';

const implementations = [
  ['pollUntil', pollUntil],
  ['referencePollUntil, its twin', referencePollUntil],
] as const;

describe.each(implementations)('%s, beyond the basics', (_name, poll) => {
  it('names each bad option in its TypeError', () => {
    const request$ = of('done');
    const isDone = () => true;
    expect(() => poll(request$, isDone, { intervalMs: 5, delayHintMs: 5 as never })).toThrow(
      /`delayHintMs`/,
    );
    expect(() => poll(request$, isDone, { intervalMs: 5, random: 'dice' as never })).toThrow(
      /`random`/,
    );
    expect(() =>
      poll(request$, isDone, { intervalMs: 5, deadline: { ms: 10, error: 'late' as never } }),
    ).toThrow(/`deadline\.error`/);
    const message = 'Expected `scheduler` to be a scheduler, such as asyncScheduler';
    expect(() =>
      poll(request$, isDone, { intervalMs: 5, scheduler: { schedule: () => {} } as never }),
    ).toThrow(new TypeError(message));
    expect(() =>
      poll(request$, isDone, { intervalMs: 5, scheduler: null as unknown as SchedulerLike }),
    ).toThrow(new TypeError(message));
  });

  it('polls again at once when intervalMs returns 0', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const response = cold('-(r|)', { r: 1 });
      let polls = 0;
      const counted = new Observable<number>((subscriber) => {
        polls += 1;
        return response.subscribe(subscriber);
      });
      const polled = poll(counted, () => polls === 3, { intervalMs: () => 0 });
      // Each request takes a frame; the next one goes out as the last one ends.
      expectObservable(polled).toBe('-rr(r|)', { r: 1 });
    });
  });

  it.each([
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a string', '5'],
  ])('errors with a TypeError when intervalMs returns %s', (_case, delay) => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const response = cold('-(r|)', { r: 'pending' });
      const polled = poll(response, () => false, { intervalMs: () => delay as number });
      expectObservable(polled).toBe(
        '-(r#)',
        { r: 'pending' },
        new TypeError(`Expected \`intervalMs\` to return a non-negative number, got ${delay}`),
      );
    });
  });

  it('runs every teardown of replan when the poll ends', () => {
    const log: string[] = [];
    const replan = new Observable<never>((subscriber) => {
      for (const name of ['a', 'b', 'c']) subscriber.add(() => log.push(name));
    });
    poll(of('done'), () => true, { intervalMs: 5, replan }).subscribe();
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('lets go of a replan that completes, while polling on', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = cold('-(r|)', { r: 'pending' });
      const replan = cold('--|');
      const polled = poll(response, () => false, { intervalMs: 10, replan });
      expectObservable(polled, '^ 15ms !').toBe('-r 10ms r', { r: 'pending' });
      expectSubscriptions(replan.subscriptions).toBe('^-!');
    });
  });

  it('unsubscribes cleanly from a replan that never emits', () => {
    const subscription = poll(NEVER, () => true, { intervalMs: 5, replan: NEVER }).subscribe();
    expect(() => subscription.unsubscribe()).not.toThrow();
  });
});

describe('pollUntil, hand-written', () => {
  it('holds no timer while a request is in flight and there is no deadline', () => {
    const scheduler = new VirtualTimeScheduler();
    const subscription = pollUntil(NEVER, () => false, { intervalMs: 1000, scheduler }).subscribe();
    expect(scheduler.actions).toEqual([]);
    subscription.unsubscribe();
  });

  it('asks isDone nothing once the poll has ended', () => {
    const seen: string[] = [];
    const isDone = (value: string) => {
      seen.push(value);
      return value === 'done';
    };
    const values: string[] = [];
    pollUntil(of('done', 'late'), isDone, { intervalMs: 5 }).subscribe((v) => values.push(v));
    expect(values).toEqual(['done']);
    expect(seen).toEqual(['done']);
  });
});
