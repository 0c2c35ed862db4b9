import { last, map, type Observable, of, switchMap, tap } from 'rxjs';
import type { CreateVideoParams } from '../api/create-params.js';
import type { DownloadOptions, DownloadProgress } from '../download/download-types.js';
import type { VideoTask } from '../model/video-task.js';
import { assertKnownOptions } from '../util/assert-options.js';
import { throwIfFailed } from '../watch/throw-if-failed.js';
import type { VideoStatusOptions } from './client-options.js';

/** Options of `generateVideo`: where to save the video, how to stop, and what to be told. */
export interface GenerateVideoOptions {
  /**
   * Where to save the video once the task completes: a folder (saved as `<task id>.mp4`), or the
   * options of `download$`. Unset, nothing is downloaded and `file` is `undefined`.
   * @example './videos'
   */
  readonly saveTo?: string | DownloadOptions | undefined;
  /**
   * Stops everything at once: the create, the watch or the download in flight are cancelled, and
   * the promise rejects with the signal's reason. A task already created keeps running on the
   * gateway (and is paid for).
   */
  readonly signal?: AbortSignal | undefined;
  /** Called with the new task and with each change of it, the terminal one included. */
  readonly onTask?: ((task: VideoTask) => void) | undefined;
  /** Called as the download progresses, as `download$` emits. */
  readonly onDownload?: ((progress: DownloadProgress) => void) | undefined;
  /** The cadence, time limit and retries of the watch, as for `generate$`. */
  readonly poll?: VideoStatusOptions | undefined;
}

/** What `generateVideo` resolves with. */
export interface GeneratedVideo {
  /** The completed task. */
  readonly task: VideoTask;
  /** The saved file, with `saveTo`. */
  readonly file: string | undefined;
  /** Its size in bytes, with `saveTo`. */
  readonly bytes: number | undefined;
}

/** The streams `generateVideo` is a thin layer over. */
export interface GenerateVideoStreams {
  generate$(params: CreateVideoParams, options?: VideoStatusOptions): Observable<VideoTask>;
  download$(source: VideoTask, options: DownloadOptions): Observable<DownloadProgress>;
}

/**
 * `generate$`, then `download$`, as one promise: resolves with the completed task and the saved
 * file, rejects with the stream's typed error (a failed task as `SoraTaskFailedError`).
 */
export function generateVideoPromise(
  streams: GenerateVideoStreams,
  params: CreateVideoParams,
  options: GenerateVideoOptions = {},
): Promise<GeneratedVideo> {
  // Inside the executor, so that a bad argument rejects the promise, as any other error does.
  return new Promise<GeneratedVideo>((resolve, reject) => {
    assertKnownOptions(options, ['saveTo', 'signal', 'onTask', 'onDownload', 'poll'], 'options');
    const { saveTo, signal, onTask, onDownload, poll } = options;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError('Expected `signal` to be an AbortSignal');
    }
    for (const [name, callback] of Object.entries({ onTask, onDownload })) {
      if (callback !== undefined && typeof callback !== 'function') {
        throw new TypeError(`Expected \`${name}\` to be a function`);
      }
    }
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const save: DownloadOptions | undefined = typeof saveTo === 'string' ? { dir: saveTo } : saveTo;
    const video$ = streams.generate$(params, poll).pipe(
      tap((task) => onTask?.(task)),
      last(),
      throwIfFailed(),
      switchMap((task) =>
        save === undefined
          ? of({ task, file: undefined, bytes: undefined })
          : streams.download$(task, save).pipe(
              tap((progress) => onDownload?.(progress)),
              last(),
              map(({ file, bytes }) => ({ task, file, bytes })),
            ),
      ),
    );
    const subscription = video$.subscribe({ next: resolve, error: reject });
    if (signal === undefined) return;
    const abort = () => {
      subscription.unsubscribe();
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
    subscription.add(() => signal.removeEventListener('abort', abort));
  });
}
