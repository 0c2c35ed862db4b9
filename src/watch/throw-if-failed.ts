import { map, type OperatorFunction } from 'rxjs';
import { SoraTaskFailedError } from '../errors/task-errors.js';
import type { VideoTask } from '../model/video-task.js';

/**
 * Turns a `failed` task into a `SORA_TASK_FAILED` error carrying the task. `videoStatus$` emits
 * failed tasks as values, so that a `merge` of many tasks survives one failure; add this operator
 * where a failure should end the stream instead.
 *
 * ## Example
 * ```ts
 * const done = await lastValueFrom(sora.videoStatus$(id).pipe(throwIfFailed()));
 * ```
 *
 * @return A function that returns an Observable of the same tasks, erroring on a failed one.
 */
export function throwIfFailed<T extends VideoTask>(): OperatorFunction<T, T> {
  return map((task) => {
    if (task.status === 'failed') throw new SoraTaskFailedError(task);
    return task;
  });
}
