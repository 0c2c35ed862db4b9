import { concatMap, defer, from, identity, type MonoTypeOperatorFunction, map, of } from 'rxjs';
import type { VideoTask } from '../model/video-task.js';
import type { TaskLog } from './task-log.js';

/**
 * Writes, before the first event of each task passes, the folder its video is to be saved into:
 * a process stopped before the download starts leaves the folder in the journal, and `resume$`
 * saves the video there. Nothing is written when the journal says so already.
 *
 * @param log The client's journal.
 * @param dir The folder of the downloads; without one (an exact `file`), nothing is written.
 */
export function recordDestination(
  log: TaskLog,
  dir: string | undefined,
): MonoTypeOperatorFunction<VideoTask> {
  if (typeof dir !== 'string' || dir === '') return identity;
  return (source) =>
    defer(() => {
      const written = new Set<string>();
      return source.pipe(
        concatMap((task) => {
          if (written.has(task.id)) return of(task);
          written.add(task.id);
          return from(log.recordDestination(task.id, dir)).pipe(map(() => task));
        }),
      );
    });
}
