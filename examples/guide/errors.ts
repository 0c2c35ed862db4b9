import { catchError, last, map, type Observable, of, throwError } from 'rxjs';
import { isSoraError, type SoraClient, throwIfFailed } from 'sora-rx';

/**
 * The video's URL, or why there is none. A failed task and a wrong key become answers; any other
 * error stays an error.
 */
export function outcome$(sora: SoraClient, id: string): Observable<string> {
  return sora.videoStatus$(id).pipe(
    throwIfFailed(),
    last(),
    map((task) => `done: ${task.video_url}`),
    catchError((error: unknown) => {
      if (isSoraError(error, 'SORA_TASK_FAILED')) return of(`failed: ${error.task.error}`);
      if (isSoraError(error, 'SORA_AUTH')) return of('check SORA_API_KEY');
      return throwError(() => error);
    }),
  );
}
