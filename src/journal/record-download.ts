import {
  catchError,
  concatMap,
  defer,
  from,
  type MonoTypeOperatorFunction,
  map,
  type Observable,
  of,
  throwError,
} from 'rxjs';
import type { DownloadProgress } from '../download/download-types.js';
import { isSoraError } from '../errors/is-sora-error.js';
import type { TaskLog } from './task-log.js';

/** Computes the SHA-256 of a file, in hex. */
export type HashFile = (file: string) => Promise<string>;

/**
 * Writes a download to the journal: where it goes (with its first progress), then, before the
 * last event (`done: true`) passes, the file's size and SHA-256. A download that fails is written
 * as unsaved, and as expired when the URL answered 403 or 410 (even after a fresh URL).
 *
 * @param log The client's journal.
 * @param id The task whose video it is.
 * @param hashFile How to hash the saved file.
 */
export function recordDownload(
  log: TaskLog,
  id: string,
  hashFile: HashFile,
): MonoTypeOperatorFunction<DownloadProgress> {
  return (source: Observable<DownloadProgress>) =>
    defer(() => {
      let started = false;
      return source.pipe(
        concatMap((progress) => {
          if (progress.done) {
            const saved = hashFile(progress.file).then((sha256) =>
              log.recordSaved(id, progress.file, progress.bytes, sha256),
            );
            return from(saved).pipe(map(() => progress));
          }
          if (started) return of(progress);
          started = true;
          return from(log.recordDownload(id, progress.file)).pipe(map(() => progress));
        }),
        catchError((error: unknown) => {
          if (isSoraError(error, 'SORA_JOURNAL')) return throwError(() => error);
          const expired = isSoraError(error, 'SORA_VIDEO_EXPIRED');
          const message = error instanceof Error ? error.message : String(error);
          return from(log.recordUnsaved(id, expired, message).catch(() => {})).pipe(
            concatMap(() => throwError(() => error)),
          );
        }),
      );
    });
}
