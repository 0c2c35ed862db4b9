import { concat, concatMap, map, type Observable, type OperatorFunction, of } from 'rxjs';
import type { VideoTask } from '../model/video-task.js';
import type { DownloadProgress } from './download-types.js';

/** What watching a task with a download emits: each task, then the progress of its download. */
export type VideoEvent =
  | { readonly type: 'task'; readonly task: VideoTask }
  | { readonly type: 'download'; readonly task: VideoTask; readonly progress: DownloadProgress };

/**
 * Downloads the video as soon as a task completes: each task passes through as a `task` event, and
 * a completed task is followed by the `download` events of its file, the last with `done: true`.
 * The stream completes once the file is saved.
 */
export function downloadOnCompletion(
  download$: (task: VideoTask) => Observable<DownloadProgress>,
): OperatorFunction<VideoTask, VideoEvent> {
  return concatMap((task) => {
    const event = of<VideoEvent>({ type: 'task', task });
    if (task.status !== 'completed') return event;
    return concat(
      event,
      download$(task).pipe(map((progress): VideoEvent => ({ type: 'download', task, progress }))),
    );
  });
}
