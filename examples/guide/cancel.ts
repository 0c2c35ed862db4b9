import { fromEvent, type Observable, takeUntil } from 'rxjs';
import type { SoraClient, VideoTask } from 'sora-rx';

/**
 * Watches a task until it ends or `signal` aborts. Aborting cancels the request in flight and
 * clears every timer: nothing keeps running.
 */
export function watchUntilAborted$(
  sora: SoraClient,
  id: string,
  signal: AbortSignal,
): Observable<VideoTask> {
  return sora.videoStatus$(id).pipe(takeUntil(fromEvent(signal, 'abort')));
}
