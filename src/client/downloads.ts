import { identity, type Observable, type OperatorFunction } from 'rxjs';
import { platform } from '#platform';
import { isPlainVideo } from '../download/content-asset.js';
import type {
  DownloadOptions,
  DownloadProgress,
  StreamDownloadOptions,
  StreamDownloadProgress,
  VideoBytesOptions,
} from '../download/download-types.js';
import { downloadOnCompletion, type VideoEvent } from '../download/download-when-completed.js';
import { redactorOf } from '../http/redact.js';
import type { JournalHooks } from '../journal/journal-hooks.js';
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
 * the key redacted from their errors, a fresh URL fetched for an expired one (all three in the
 * platform's downloader: a browser has none), and the journal told of the files saved.
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
    redactor: redactorOf(api.headers),
    // A download takes a rate token to start, as its first request may go to the API, but no
    // request slot: a long transfer must never keep polls waiting. It waits for a download place
    // first, so that the token is not spent before it can start.
    limit: (download$) =>
      limiter.downloads.limit(limiter.requests.limit(download$, { holdsSlot: false })),
    getVideo$,
  });
  const download$ = (
    source: VideoTask | string,
    options: DownloadOptions | StreamDownloadOptions,
  ): Observable<DownloadProgress | StreamDownloadProgress> => {
    // A stream, or a URL, is no task's saved file: the journal has nothing to record.
    if (typeof source !== 'object' || source === null || 'to' in options) {
      return downloader(source, options);
    }
    const file$ = downloader(
      source,
      journal.downloadOptions(options),
    ) as Observable<DownloadProgress>;
    // The journal records the task's video: a thumbnail or another output saved is not it.
    return isPlainVideo(options) ? file$.pipe(journal.saved(source.id)) : file$;
  };
  return {
    download$: download$ as Downloads['download$'],
    videoBytes$: (source, options = {}) => downloader.bytes(source, options),
    downloadWhenCompleted: (options) => (tasks$) =>
      tasks$.pipe(
        // Only the video goes where the journal says: a thumbnail saved is not a resume's business.
        isPlainVideo(options) ? journal.destination(options) : identity,
        downloadOnCompletion((task) => download$(task, options) as Observable<DownloadProgress>),
      ),
    close: async () => {
      await downloader.close?.();
    },
  };
}
