import {
  catchError,
  defer,
  finalize,
  map,
  merge,
  type Observable,
  type OperatorFunction,
  of,
  Subject,
  takeUntil,
} from 'rxjs';
import type { VideoEvent, VideoTask } from '../../index.js';
import { describeError } from '../describe-error.js';
import type { BoardEvent, RowInit } from './board.js';

/** One row to watch and where its tasks come from. */
export interface WatchTarget {
  /** What is known of the row before its first task. */
  readonly init: RowInit;
  /** The row's tasks: each change, then the terminal task. Subscribed to lazily. */
  readonly task$: Observable<VideoTask>;
  /** The retries of the row's requests while `task$` runs, to show them. */
  readonly retries$?: Observable<RetryNotice> | undefined;
}

/** A request of a row about to be retried: the fields of a `retry` board event. */
export type RetryNotice = Omit<Extract<BoardEvent, { type: 'retry' }>, 'type' | 'key'>;

/**
 * Watches every target at once and merges their events. With `download`, a completed task's video
 * is saved too. One target's error becomes an `error` event for its row and never stops the others.
 */
export function watchBoard$(
  targets: readonly WatchTarget[],
  download?: OperatorFunction<VideoTask, VideoEvent>,
): Observable<BoardEvent> {
  return merge(
    ...targets.map(({ init: { key }, task$, retries$ }) => {
      const tasks$ = defer(() => task$);
      const events$: Observable<BoardEvent> =
        download === undefined
          ? tasks$.pipe(map((task) => ({ type: 'task', key, task })))
          : tasks$.pipe(
              download,
              map(
                (event): BoardEvent =>
                  event.type === 'task'
                    ? { type: 'task', key, task: event.task }
                    : { type: 'download', key, progress: event.progress },
              ),
            );
      const row$ = events$.pipe(
        catchError((error: unknown) =>
          of<BoardEvent>({ type: 'error', key, error: describeError(error) }),
        ),
      );
      return retries$ === undefined ? row$ : withRetries(row$, retries$, key);
    }),
  );
}

/** The row's events with its retries among them, until the row's events end. */
function withRetries(
  row$: Observable<BoardEvent>,
  retries$: Observable<RetryNotice>,
  key: string,
): Observable<BoardEvent> {
  return defer(() => {
    const ended = new Subject<void>();
    return merge(
      retries$.pipe(
        takeUntil(ended),
        map((notice): BoardEvent => ({ type: 'retry', key, ...notice })),
      ),
      row$.pipe(finalize(() => ended.next())),
    );
  });
}
