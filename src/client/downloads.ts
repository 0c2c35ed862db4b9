import { identity, type Observable, type OperatorFunction } from 'rxjs';
import { platform } from '#platform';
import { isPlainVideo } from '../download/content-asset.js';
import { downloadWithFreshUrl } from '../download/download-fresh-url.js';
import type { DownloadOptions, DownloadProgress } from '../download/download-types.js';
import { downloadOnCompletion, type VideoEvent } from '../download/download-when-completed.js';
import { redactorOf } from '../http/redact.js';
import { redactErrors } from '../http/redact-error.js';
import type { JournalHooks } from '../journal/journal-hooks.js';
import type { VideoTask } from '../model/video-task.js';
import type { ResolvedClientOptions } from './resolve-client-options.js';

/** A client's downloads. */
export interface Downloads {
  /** `download$`: see {@link SoraClient.download$}. */
  download$(source: VideoTask | string, options: DownloadOptions): Observable<DownloadProgress>;
  /** `downloadWhenCompleted`: see {@link SoraClient.downloadWhenCompleted}. */
  downloadWhenCompleted(options: DownloadOptions): OperatorFunction<VideoTask, VideoEvent>;
  /** Releases the downloads' connection pool. */
  close(): Promise<void>;
}

/**
 * The downloads of a client: under its rate limit and its own limit of downloads at once, with
 * the key redacted from their errors, a fresh URL fetched for an expired one, and the journal told.
 * @param getVideo$ One GET of a task, for a fresh `video_url`.
 */
export function createDownloads(
  { api, retry, scheduler, limiter }: ResolvedClientOptions,
  journal: JournalHooks,
  getVideo$: (id: string) => Observable<VideoTask>,
): Downloads {
  const downloadVideo = platform.createDownloader({
    baseUrl: api.baseUrl,
    authorization: api.headers.authorization as string,
    retry,
    scheduler,
  });
  // A video URL is the server's choice, and download errors quote it: no key in them either.
  const redactDownloadErrors = redactErrors<DownloadProgress>(redactorOf(api.headers));
  // A download takes a rate token to start, as its first request may go to the API, but no
  // request slot: a long transfer must never keep polls waiting. It waits for a download place
  // first, so that the token is not spent before it can start.
  const limited$ = (source: VideoTask | string, options: DownloadOptions) =>
    limiter.downloads.limit(
      limiter.requests.limit(downloadVideo(source, options).pipe(redactDownloadErrors), {
        holdsSlot: false,
      }),
    );
  const download$ = (source: VideoTask | string, options: DownloadOptions) => {
    if (typeof source === 'string' || typeof source !== 'object' || source === null) {
      return limited$(source, options);
    }
    const callOptions = journal.downloadOptions(options);
    const download$ = downloadWithFreshUrl(
      source,
      (task) => limited$(task, callOptions),
      getVideo$,
    );
    // The journal records the task's video: a thumbnail or another output saved is not it.
    return isPlainVideo(options) ? download$.pipe(journal.saved(source.id)) : download$;
  };
  return {
    download$,
    downloadWhenCompleted: (options) => (tasks$) =>
      tasks$.pipe(
        // Only the video goes where the journal says: a thumbnail saved is not a resume's business.
        isPlainVideo(options) ? journal.destination(options) : identity,
        downloadOnCompletion((task) => download$(task, options)),
      ),
    close: async () => {
      await downloadVideo.close?.();
    },
  };
}
