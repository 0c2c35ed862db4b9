import {
  catchError,
  defer,
  from,
  isObservable,
  map,
  mergeMap,
  type Observable,
  type OperatorFunction,
  of,
  reduce,
} from 'rxjs';
import { taskCost } from '../model/task-cost.js';
import type { VideoTask } from '../model/video-task.js';
import { assertCount, show } from '../util/assert-options.js';

/** One event of `watchAll$`: a task of one id, or the error that ended the watch of that id. */
export type WatchEvent =
  | { readonly id: string; readonly task: VideoTask; readonly error?: undefined }
  | { readonly id: string; readonly error: unknown; readonly task?: undefined };

/** What became of every task that `watchAll$` watched. */
export interface WatchSummary {
  /** How many ids were watched. */
  readonly total: number;
  /** Ids whose task completed. */
  readonly completed: readonly string[];
  /** Ids whose task failed. */
  readonly failed: readonly string[];
  /** Ids whose watch ended with an error, such as a 404 or a poll timeout. */
  readonly errored: readonly string[];
  /**
   * What the tasks cost together, in USD: the sum of {@link taskCost} over the tasks whose gateway
   * reported one (OpenRouter's does, once a task ends). Absent when no task reported a cost.
   */
  readonly cost?: number | undefined;
  /** How many tasks reported a cost, when any did; absent with `cost`. */
  readonly costed?: number | undefined;
}

/**
 * Watches many tasks through `watch`, at most `concurrency` at a time, and merges their events.
 * One task's error becomes an event for its id and never ends the others. It completes when every
 * task is terminal or has errored. It throws a `TypeError` at once for `ids` that are not an
 * iterable or an Observable (a string included) and for a `concurrency` that is not a whole number
 * of at least 1 or `Infinity`.
 */
export function watchAll(
  watch: (id: string) => Observable<VideoTask>,
  ids: Iterable<string> | Observable<string>,
  concurrency: number,
): Observable<WatchEvent> {
  assertIds(ids);
  assertCount(concurrency, 'concurrency');
  const ids$ = isObservable(ids) ? ids : from(ids);
  return ids$.pipe(
    mergeMap(
      (id) =>
        defer(() => watch(id)).pipe(
          map((task): WatchEvent => ({ id, task })),
          catchError((error: unknown) => of<WatchEvent>({ id, error })),
        ),
      concurrency,
    ),
  );
}

/**
 * Throws a `TypeError` unless `ids` is an iterable or an Observable. A string is iterable, but
 * watching each of its characters is never what was meant.
 */
function assertIds(ids: unknown): void {
  if (isObservable(ids)) return;
  if (typeof ids === 'string') {
    throw new TypeError(
      `Expected \`ids\` to be an iterable or an Observable of task ids, got the string ${show(ids)}: pass [${show(ids)}] to watch one task`,
    );
  }
  const iterable =
    typeof ids === 'object' &&
    ids !== null &&
    typeof (ids as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
  if (!iterable) {
    throw new TypeError(
      `Expected \`ids\` to be an iterable or an Observable of task ids, got ${show(ids)}`,
    );
  }
}

/**
 * Reduces the events of `watchAll$` to one summary, emitted when they complete: which ids
 * completed, failed or errored, and what the tasks cost where the gateway reported it.
 *
 * ## Example
 * ```ts
 * const summary = await lastValueFrom(sora.watchAll$(ids).pipe(summarizeWatch()));
 * console.log(`${summary.completed.length}/${summary.total} done`);
 * if (summary.cost !== undefined) console.log(`$${summary.cost.toFixed(2)} for ${summary.costed} tasks`);
 * ```
 *
 * @return A function that returns an Observable of one summary.
 */
export function summarizeWatch(): OperatorFunction<WatchEvent, WatchSummary> {
  return (events) =>
    events.pipe(
      reduce(
        (seen, event) => {
          seen.outcomes.set(event.id, outcomeOf(event));
          const cost = event.task === undefined ? undefined : taskCost(event.task);
          if (cost !== undefined) seen.costs.set(event.id, cost);
          return seen;
        },
        { outcomes: new Map<string, Outcome>(), costs: new Map<string, number>() },
      ),
      map(({ outcomes, costs }): WatchSummary => {
        const idsWith = (outcome: Outcome) =>
          [...outcomes].filter(([, o]) => o === outcome).map(([id]) => id);
        return {
          total: outcomes.size,
          completed: idsWith('completed'),
          failed: idsWith('failed'),
          errored: idsWith('errored'),
          ...(costs.size === 0
            ? {}
            : {
                cost: [...costs.values()].reduce((sum, cost) => sum + cost, 0),
                costed: costs.size,
              }),
        };
      }),
    );
}

/** Where the watch of one id stands, by its last event. */
type Outcome = 'completed' | 'failed' | 'errored' | 'pending';

function outcomeOf(event: WatchEvent): Outcome {
  if (event.task === undefined) return 'errored';
  if (event.task.status === 'completed' || event.task.status === 'failed') return event.task.status;
  return 'pending';
}
