import { assertInInjectionContext, isSignal, type Signal, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, defer, EMPTY, type Observable, of, startWith, switchMap } from 'rxjs';
import type { VideoStatusOptions, VideoTask } from 'sora-rx';
import { injectSora } from './provide-sora.js';

/**
 * The task of {@link injectVideoStatus} as a signal, with the error that ended the watch beside
 * it. Reading the task never throws.
 */
export interface VideoStatusSignal extends Signal<VideoTask | undefined> {
  /**
   * The error that ended the watch, such as `SORA_NOT_FOUND` or `SORA_POLL_TIMEOUT`, else
   * `undefined`. The task signal keeps the last task it had. Match on it with `isSoraError`.
   */
  readonly error: Signal<Error | undefined>;
}

/**
 * Watches a task with `videoStatus$` and shows it as a signal: `undefined` until the first
 * answer, then each new state of the task, up to `completed` or `failed`. The watch ends with the
 * component (or whatever injector it runs in): that cancels the request in flight and every timer.
 * It needs no zone.js.
 *
 * Call it in an injection context, such as a field initializer of a component; elsewhere wrap the
 * call in `runInInjectionContext(injector, ...)`.
 *
 * An error does not throw from the signal, as a plain `toSignal` would: it ends the watch and goes
 * to the `error` signal beside the task.
 *
 * ## Example
 * ```ts
 * export class VideoCard {
 *   readonly videoId = input.required<string>();
 *   readonly task = injectVideoStatus(this.videoId);
 *   // template: {{ task()?.status }} {{ task.error()?.message }}
 * }
 * ```
 * @param id The task id, or a signal of it, such as a component input: when it changes, the watch
 *   of the old id is cancelled, the task goes back to `undefined`, and the new id is watched.
 *   While the signal holds `undefined` (no task yet), nothing is watched.
 * @param options Overrides of the client's `poll` options.
 * @return The task as a signal, with an `error` signal.
 */
export function injectVideoStatus(
  id: string | Signal<string | undefined>,
  options?: VideoStatusOptions,
): VideoStatusSignal {
  assertInInjectionContext(injectVideoStatus);
  const sora = injectSora();
  const error = signal<Error | undefined>(undefined);
  const watch = (current: string | undefined): Observable<VideoTask | undefined> => {
    error.set(undefined);
    if (current === undefined) return of(undefined);
    // Deferred, so that invalid options end in the error signal too.
    return defer(() => sora.videoStatus$(current, options)).pipe(
      catchError((cause: unknown) => {
        error.set(cause instanceof Error ? cause : new Error(String(cause), { cause }));
        return EMPTY;
      }),
      startWith(undefined),
    );
  };
  const ids$ = isSignal(id) ? toObservable(id) : of(id);
  const task = toSignal(ids$.pipe(switchMap(watch)));
  return Object.assign(task, { error: error.asReadonly() });
}
