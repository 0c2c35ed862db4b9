import { concatMap, from, type MonoTypeOperatorFunction, map } from 'rxjs';
import type { VideoTask } from '../model/video-task.js';
import type { TaskLog } from './task-log.js';

/**
 * Writes each task's status change to the journal before passing the task on, in order. A change
 * of progress alone passes without a write. A failed write ends the stream with `SORA_JOURNAL`.
 */
export function recordTasks(log: TaskLog): MonoTypeOperatorFunction<VideoTask> {
  return concatMap((task) => from(log.recordTask(task)).pipe(map(() => task)));
}
