import fc from 'fast-check';
import { Observable, Subject, type Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { type PollUntilOptions, pollUntil } from '../../src/operators/poll-until.js';
import { createRandom } from '../../src/testing/simulator/random.js';
import { referencePollUntil } from '../reference/poll-until.js';

/** One request of a script: when it answers, with what, and how it ends. */
interface Step {
  /** Frames until its values; 0 answers synchronously, as it is subscribed. */
  readonly delay: number;
  readonly values: readonly { readonly done: boolean; readonly hint: number | undefined }[];
  /** Frames from its values to its end. */
  readonly endAfter: number;
  readonly fails: boolean;
}

const CALLBACKS = ['isDone', 'intervalMs', 'delayHintMs', 'random', 'deadline.error'] as const;

/** Mostly `undefined`: one script in `1 + rarity` has a value. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, rarity = 3) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: rarity }, { arbitrary, weight: 1 });

const step: fc.Arbitrary<Step> = fc.record({
  delay: fc.integer({ min: 0, max: 4 }),
  values: fc.oneof(
    {
      arbitrary: fc.array(
        fc.record({
          // Mostly not done, so that polls go on (a middle value: fast-check favours the bounds).
          done: fc.integer({ min: 0, max: 10 }).map((n) => n === 5),
          hint: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined, freq: 2 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
      weight: 12,
    },
    // No value: the poll ends.
    { arbitrary: fc.constant([]), weight: 1 },
  ),
  endAfter: fc.constantFrom(0, 0, 1, 3),
  fails: fc.integer({ min: 0, max: 10 }).map((n) => n === 5),
});

/** A random poll: its requests, its options, and when it is subscribed and left. */
const script = fc.record({
  // Unbiased where fast-check's taste for small values would end most scripts at once.
  steps: fc.noBias(fc.array(step, { minLength: 1, maxLength: 8 })),
  /** A fixed interval, or a table read by value, index and time. */
  interval: fc.oneof(
    fc.integer({ min: 1, max: 12 }),
    fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 4 }),
  ),
  jitter: fc.constantFrom(0, 0.25, 0.5, 1),
  /** The seed of `random`. */
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  /** Whether `delayHintMs` reads the values' hints. */
  hints: fc.boolean(),
  deadlineMs: rarely(
    fc.oneof(fc.integer({ min: 1, max: 40 }), fc.noBias(fc.integer({ min: 1, max: 120 }))),
    1,
  ),
  /** The frames of `replan`'s values, and of its error. */
  replanAt: rarely(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 8 }), 1),
  replanErrorAt: rarely(fc.integer({ min: 0, max: 120 }), 5),
  /** The callback that throws, and at which of its calls. */
  thrower: rarely(
    fc.record({ callback: fc.constantFrom(...CALLBACKS), call: fc.integer({ min: 0, max: 4 }) }),
    2,
  ),
  subscribeAt: fc.integer({ min: 0, max: 3 }),
  /** Frames from the subscription to the unsubscription, if any. */
  unsubscribeAt: rarely(fc.noBias(fc.integer({ min: 0, max: 120 })), 1),
  /** Whether `scheduler` is passed, or asyncScheduler (run by TestScheduler.run) is used. */
  explicitScheduler: fc.boolean(),
});

type Script = typeof script extends fc.Arbitrary<infer S> ? S : never;
type PollUntil = typeof pollUntil;

interface Value {
  readonly request: number;
  readonly index: number;
  readonly done: boolean;
  readonly hint: number | undefined;
}

/** Plays a script against one implementation in virtual time and logs all it did, by frame. */
function play(implementation: PollUntil, s: Script): string[] {
  const scheduler = new TestScheduler(() => {});
  const log: string[] = [];
  scheduler.run(() => {
    const at = (entry: string) => log.push(`${scheduler.now()} ${entry}`);
    const calls = new Map<string, number>();
    /** Counts a call of a callback, and throws if the script says it throws at that call. */
    const call = (callback: (typeof CALLBACKS)[number]) => {
      const count = calls.get(callback) ?? 0;
      calls.set(callback, count + 1);
      if (s.thrower?.callback === callback && s.thrower.call === count) {
        throw new Error(`${callback} threw`);
      }
    };

    let requests = 0;
    const request$ = new Observable<Value>((subscriber) => {
      const request = requests++;
      at(`request ${request}`);
      const step = s.steps[request];
      const timers: Subscription[] = [];
      const later = (delay: number, work: () => void) => {
        if (delay === 0) work();
        else timers.push(scheduler.schedule(work, delay));
      };
      // Past the script, a request never answers.
      if (step !== undefined) {
        later(step.delay, () => {
          step.values.forEach((value, index) => {
            subscriber.next({ request, index, ...value });
          });
          later(step.endAfter, () => {
            if (step.fails) subscriber.error(new Error(`request ${request} failed`));
            else subscriber.complete();
          });
        });
      }
      return () => {
        at(`request ${request} ends`);
        for (const timer of timers) timer.unsubscribe();
      };
    });

    // Scheduled before the subscription, as a hot observable's values are.
    const replans = new Subject<void>();
    for (const frame of s.replanAt ?? []) scheduler.schedule(() => replans.next(), frame);
    if (s.replanErrorAt !== undefined) {
      const frame = s.replanErrorAt;
      scheduler.schedule(() => replans.error(new Error('replan failed')), frame);
    }
    const replan = new Observable<void>((subscriber) => {
      at('replan subscribed');
      const subscription = replans.subscribe(subscriber);
      return () => {
        at('replan unsubscribed');
        subscription.unsubscribe();
      };
    });

    const random = createRandom(s.seed);
    const { interval } = s;
    const options: PollUntilOptions<Value> = {
      intervalMs:
        typeof interval === 'number'
          ? interval
          : (value, index) => {
              call('intervalMs');
              // Depends on the time too, as an estimate that replans follow would.
              const slot = value.request + index + Math.floor(scheduler.now() / 10);
              return interval[slot % interval.length] ?? 1;
            },
      jitter: s.jitter,
      random: () => {
        call('random');
        return random();
      },
      ...(s.hints
        ? {
            delayHintMs: (value: Value) => {
              call('delayHintMs');
              return value.hint;
            },
          }
        : {}),
      ...(s.deadlineMs === undefined
        ? {}
        : {
            deadline: {
              ms: s.deadlineMs,
              error: (last: Value | undefined) => {
                call('deadline.error');
                return new Error(`deadline after ${last ? `${last.request}.${last.index}` : '-'}`);
              },
            },
          }),
      ...(s.replanAt === undefined && s.replanErrorAt === undefined ? {} : { replan }),
      ...(s.explicitScheduler ? { scheduler } : {}),
    };
    const isDone = (value: Value) => {
      call('isDone');
      return value.done;
    };

    let subscription: Subscription | undefined;
    scheduler.schedule(() => {
      subscription = implementation(request$, isDone, options).subscribe({
        next: (value) => at(`next ${value.request}.${value.index}`),
        error: (error: Error) => at(`error: ${error.message}`),
        complete: () => at('complete'),
      });
    }, s.subscribeAt);
    if (s.unsubscribeAt !== undefined) {
      scheduler.schedule(() => {
        at('unsubscribe');
        subscription?.unsubscribe();
      }, s.subscribeAt + s.unsubscribeAt);
    }
  });
  return log;
}

/** Whether a log shows nothing left running after the poll ended, if it did. */
function isCleanAfterEnd(log: readonly string[]): boolean {
  const end = log.findIndex((entry) => / (error: .*|complete|unsubscribe)$/.test(entry));
  if (end === -1) return true;
  const count = (pattern: RegExp) => log.filter((entry) => pattern.test(entry)).length;
  return (
    count(/ request \d+$/) === count(/ request \d+ ends$/) &&
    count(/ replan subscribed$/) === count(/ replan unsubscribed$/) &&
    !log.slice(end + 1).some((entry) => / (request \d+|next .*)$/.test(entry))
  );
}

describe('pollUntil and its reference twin', () => {
  it('do the same over random scripts: values, requests, errors and completion, frame by frame', () => {
    fc.assert(
      fc.property(script, (s) => {
        const log = play(pollUntil, s);
        expect(log).toEqual(play(referencePollUntil, s));
        expect(isCleanAfterEnd(log)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
