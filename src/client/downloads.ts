import {
  defer,
  type Observable,
  type OperatorFunction,
  type SchedulerLike,
  throwError,
} from 'rxjs';
import { platform } from '#platform';
import { isPlainVideo } from '../download/content-asset.js';
import { downloadWithFreshUrl } from '../download/download-fresh-url.js';
import type {
  DownloadOptions,
  DownloadProgress,
  StreamDownloadOptions,
  StreamDownloadProgress,
  VideoBytesOptions,
} from '../download/download-types.js';
import { downloadOnCompletion, type VideoEvent } from '../download/download-when-completed.js';
import { SoraVideoExpiredError } from '../errors/download-errors.js';
import { redactorOf } from '../http/redact.js';
import { redactErrors } from '../http/redact-error.js';
import type { JournalHooks } from '../journal/journal-hooks.js';
import { taskExpiresAt } from '../model/task-expiry.js';
import type { VideoTask } from '../model/video-task.js';
import type { ResolvedClientOptions } from './resolve-client-options.js';

/** A client's downloads. */
export interface Downloads {
  /** `download$`: see {@link SoraClient.download$}. */
  download$: {
    (
      source: VideoTask | string,
      options: StreamDownloadOptions,
    ): Observable<StreamDownloadProgress>;
    (source: VideoTask | string, options: DownloadOptions): Observable<DownloadProgress>;
  };
  /** `videoBytes$`: see {@link SoraClient.videoBytes$}. */
  videoBytes$(source: VideoTask | string, options?: VideoBytesOptions): Observable<Uint8Array>;
  /** `downloadWhenCompleted`: see {@link SoraClient.downloadWhenCompleted}. */
  downloadWhenCompleted(options: DownloadOptions): OperatorFunction<VideoTask, VideoEvent>;
  /** Releases the downloads' connection pool. */
  close(): Promise<void>;
}

/**
 * The downloads of a client: under its rate limit and its own limit of downloads at once, with
 * the key redacted from their errors, a task whose video has expired refused without a request, a
 * fresh URL fetched for an expired one, and the journal told of the files saved.
 * @param getVideo$ One GET of a task, for a fresh `video_url`.
 */
export function createDownloads(
  { api, retry, scheduler, limiter }: ResolvedClientOptions,
  journal: JournalHooks,
  getVideo$: (id: string) => Observable<VideoTask>,
): Downloads {
  const downloader = platform.createDownloader({
    baseUrl: api.baseUrl,
    authorization: api.headers.authorization as string,
    retry,
    scheduler,
  });
  // A video URL is the server's choice, and download errors quote it: no key in them either.
  const redactor = redactorOf(api.headers);
  // A download takes a rate token to start, as its first request may go to the API, but no
  // request slot: a long transfer must never keep polls waiting. It waits for a download place
  // first, so that the token is not spent before it can start.
  const limited = <T>(download$: Observable<T>) =>
    limiter.downloads.limit(
      limiter.requests.limit(download$.pipe(redactErrors<T>(redactor)), { holdsSlot: false }),
    );
  /** A task's download: refused if its video has expired, else with a fresh URL on a 403 or 410. */
  const ofTask = <T>(task: VideoTask, download$: (task: VideoTask) => Observable<T>) =>
    refuseExpired(
      task,
      scheduler,
      downloadWithFreshUrl(task, (fresh) => limited(download$(fresh)), getVideo$),
    );

  const download$ = (
    source: VideoTask | string,
    options: DownloadOptions | StreamDownloadOptions,
  ): Observable<DownloadProgress | StreamDownloadProgress> => {
    if (typeof source === 'string' || typeof source !== 'object' || source === null) {
      return limited(downloader(source, options));
    }
    if (typeof options === 'object' && options !== null && 'to' in options) {
      return ofTask(source, (task) => downloader(task, options));
    }
    const callOptions = journal.downloadOptions(options);
    const file$ = ofTask(
      source,
      (task) => downloader(task, callOptions) as Observable<DownloadProgress>,
    );
    // The journal records the task's video: a thumbnail or another output saved is not it.
    return isPlainVideo(options) ? file$.pipe(journal.saved(source.id)) : file$;
  };
  const videoBytes$ = (source: VideoTask | string, options: VideoBytesOptions = {}) =>
    typeof source === 'string' || typeof source !== 'object' || source === null
      ? limited(downloader.bytes(source, options))
      : ofTask(source, (task) => downloader.bytes(task, options));
  return {
    download$: download$ as Downloads['download$'],
    videoBytes$,
    downloadWhenCompleted: (options) =>
      downloadOnCompletion((task) => download$(task, options) as Observable<DownloadProgress>),
    close: async () => {
      await downloader.close?.();
    },
  };
}

/**
 * `download$`, unless the task says its video expired (its `expires_at` past, on the client's
 * clock, when subscribed): then `SORA_VIDEO_EXPIRED` at once, with no request sent.
 */
function refuseExpired<T>(
  task: VideoTask,
  scheduler: SchedulerLike,
  download$: Observable<T>,
): Observable<T> {
  const expiresAt = taskExpiresAt(task);
  if (expiresAt === undefined) return download$;
  return defer(() =>
    scheduler.now() >= expiresAt
      ? throwError(() => new SoraVideoExpiredError('', undefined, expiresAt))
      : download$,
  );
}
