import { catchError, concatMap, type Observable, throwError } from 'rxjs';
import { isSoraError } from '../errors/is-sora-error.js';
import type { VideoTask } from '../model/video-task.js';

/**
 * Downloads a task's video and, should its URL answer 403 or 410 (`SORA_VIDEO_EXPIRED`), fetches
 * the task once more and tries its fresh `video_url`: gateways often sign the URL anew at each
 * GET. If the task cannot be fetched, or is no longer completed, or its fresh URL fails too, the
 * download fails with the error of the URL.
 *
 * @param task The completed task.
 * @param download$ Downloads one task's video; called at once for `task`, so that bad options throw.
 * @param getVideo$ Fetches the task as it is now.
 */
export function downloadWithFreshUrl<T>(
  task: VideoTask,
  download$: (task: VideoTask) => Observable<T>,
  getVideo$: (id: string) => Observable<VideoTask>,
): Observable<T> {
  return download$(task).pipe(
    catchError((error: unknown) => {
      // Only a URL refused: a task whose `expires_at` has passed is not fetched again.
      if (!isSoraError(error, 'SORA_VIDEO_EXPIRED') || error.status === undefined) {
        return throwError(() => error);
      }
      return getVideo$(task.id).pipe(
        catchError(() => throwError(() => error)),
        concatMap((fresh) =>
          fresh.status === 'completed' ? download$(fresh) : throwError(() => error),
        ),
      );
    }),
  );
}
