import { distinctUntilChanged, map, type Observable, ReplaySubject, share, tap } from 'rxjs';
import type { TaskResponse } from '../../src/api/task-response.js';
import { isSameTaskState } from '../../src/model/is-same-task-state.js';
import type { VideoTask } from '../../src/model/video-task.js';

/**
 * {@link shareTaskWatch} composed from standard operators: the specification that the
 * hand-written shared watch must match, run by the same tests.
 */
export function referenceShareTaskWatch(
  poll$: Observable<TaskResponse>,
  onEnd: () => void,
): Observable<VideoTask> {
  return poll$.pipe(
    map((response) => response.task),
    distinctUntilChanged(isSameTaskState),
    // Before share: the loop's end is known before its subscribers hear of it.
    tap({ complete: onEnd, error: () => onEnd(), unsubscribe: onEnd }),
    share({
      connector: () => new ReplaySubject<VideoTask>(1),
      resetOnError: true,
      resetOnComplete: true,
      resetOnRefCountZero: true,
    }),
  );
}
