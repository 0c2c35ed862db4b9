import {
  catchError,
  concatMap,
  defer,
  EMPTY,
  type Observable,
  of,
  type SchedulerLike,
  throwError,
  timeout,
} from 'rxjs';
import type { ApiContext } from '../api/api-context.js';
import { assertTaskAction } from '../api/api-request.js';
import { cancelVideo } from '../api/cancel-video.js';
import { deleteVideo } from '../api/delete-video.js';
import { isSoraError } from '../errors/is-sora-error.js';
import type { JournalHooks } from '../journal/journal-hooks.js';
import { isTerminal } from '../model/video-status.js';
import type { VideoTask } from '../model/video-task.js';
import { type RetryWithBackoffOptions, retryWithBackoff } from '../operators/retry-with-backoff.js';
import { assertBoolean, assertFunction, MAX_TIMER_MS } from '../util/assert-options.js';
import type { GenerateOptions } from './client-options.js';
import type { AbandonTask } from './generate.js';

/** The options `generate$` takes beyond those of `videoStatus$`. */
export const GENERATE_OPTIONS = ['cancelOnUnsubscribe', 'onCancelError'];

/** What the cancels and deletes of a client are made of. */
export interface TaskActionsDeps {
  readonly api: ApiContext;
  /** The client's retry options. */
  readonly retry: RetryWithBackoffOptions;
  readonly scheduler: SchedulerLike;
  readonly journal: JournalHooks;
  /** The time limit of one request: a cancel in the background gets twice as long to end. */
  readonly requestTimeoutMs: number;
}

/** A client's cancels and deletes. */
export interface TaskActions {
  cancelVideo$(id: string): Observable<VideoTask | undefined>;
  deleteVideo$(id: string): Observable<void>;
  /**
   * What `generate$` does with a task its subscriber left, as its options say: nothing
   * (`undefined`), or cancel it in the background. Throws a `TypeError` at the call for a bad
   * option or a dialect without a cancel.
   */
  abandonment(
    options: Pick<GenerateOptions, 'cancelOnUnsubscribe' | 'onCancelError'>,
  ): AbandonTask | undefined;
}

/** Reports a cancel in the background that failed, where nobody subscribes to hear it. */
function warnCancelFailed(error: unknown, id: string | undefined): void {
  const message = error instanceof Error ? error.message : String(error);
  console.warn(`sora-rx: the cancel of ${id ?? 'a task being created'} failed: ${message}`);
}

/** The cancels and deletes of a client, where its dialect has them. */
export function createTaskActions({
  api,
  retry,
  scheduler,
  journal,
  requestTimeoutMs,
}: TaskActionsDeps): TaskActions {
  // A cancel is idempotent: a second one of a task already cancelled changes nothing.
  const retryCancel = retryWithBackoff<VideoTask | undefined>({ ...retry, scheduler });
  const cancelVideo$ = (id: string) => {
    assertTaskAction(api.dialect, 'cancel', 'cancelVideo$()');
    return cancelVideo(api, id).pipe(retryCancel, journal.cancelled(id));
  };

  const retryDelete = retryWithBackoff<void>({ ...retry, scheduler });
  const deleteVideo$ = (id: string) => {
    assertTaskAction(api.dialect, 'delete', 'deleteVideo$()');
    const request$ = deleteVideo(api, id);
    return defer(() => {
      let sent = 0;
      return defer(() => {
        sent += 1;
        return request$;
      }).pipe(
        retryDelete,
        // A retry of a delete that went through the first time finds nothing left to delete.
        catchError((error: unknown) =>
          sent > 1 && isSoraError(error, 'SORA_NOT_FOUND')
            ? of(undefined)
            : throwError(() => error),
        ),
        journal.deleted(id),
      );
    });
  };

  const abandonment = ({
    cancelOnUnsubscribe = false,
    onCancelError = warnCancelFailed,
  }: Pick<GenerateOptions, 'cancelOnUnsubscribe' | 'onCancelError'>): AbandonTask | undefined => {
    assertBoolean(cancelOnUnsubscribe, 'cancelOnUnsubscribe');
    assertFunction(onCancelError as unknown, 'onCancelError');
    if (!cancelOnUnsubscribe) return undefined;
    assertTaskAction(api.dialect, 'cancel', 'generate$() with `cancelOnUnsubscribe: true`');
    const limitMs = Math.min(2 * requestTimeoutMs, MAX_TIMER_MS);
    return (created$) => {
      let id: string | undefined;
      const report = (error: unknown) => {
        try {
          onCancelError(error, id);
        } catch {
          // A hook that throws must not become an error nobody hears.
        }
        return EMPTY;
      };
      return created$.pipe(
        concatMap((task) => {
          id = task.id;
          if (isTerminal(task.status)) return EMPTY;
          // Once: in the background, nobody would see a retry's wait out.
          return cancelVideo(api, task.id).pipe(journal.cancelled(task.id));
        }),
        timeout({
          first: limitMs,
          scheduler,
          with: () =>
            throwError(
              () =>
                new Error(
                  `the create's answer and the cancel took more than ${limitMs} ms: given up`,
                ),
            ),
        }),
        catchError(report),
      );
    };
  };

  return { cancelVideo$, deleteVideo$, abandonment };
}
