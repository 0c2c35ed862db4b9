import type { Observable, SchedulerLike } from 'rxjs';
import type {
  DownloadOptions,
  DownloadProgress,
  StreamDownloadOptions,
  StreamDownloadProgress,
  VideoBytesOptions,
} from '../download/download-types.js';
import type { HttpTransport } from '../http/http-transport.js';
import type { Redactor } from '../http/redact.js';
import type { RecordDownload } from '../journal/journal-hooks.js';
import type { VideoTask } from '../model/video-task.js';
import type { RetryWithBackoffOptions } from '../operators/retry-with-backoff.js';

/** Downloads videos for one client: to disk or to a stream, and into memory with `bytes`. */
export type Downloader = ((
  source: VideoTask | string,
  options: DownloadOptions | StreamDownloadOptions,
) => Observable<DownloadProgress | StreamDownloadProgress>) & {
  /** Downloads a video into memory, emitting it once. */
  readonly bytes: (
    source: VideoTask | string,
    options: VideoBytesOptions,
  ) => Observable<Uint8Array>;
  /** Releases the downloader's connection pools, where it has any. */
  readonly close?: (() => Promise<void>) | undefined;
};

/**
 * What differs between Node and other runtimes. The `#platform` import picks an implementation by
 * package.json conditions, so a browser bundle never sees `node:` modules or undici.
 */
export interface Platform {
  /** The transport a client uses when it is given none. */
  createDefaultTransport(): HttpTransport;
  /**
   * The downloader of a client: its API base URL and credential (for the API's origin only), its
   * retry options and the scheduler of its waits; `redactor`, which takes the key out of its
   * errors; `limit`, which holds each attempt to the client's rate limit and `maxDownloads`; and
   * `getVideo$`, which fetches a task again for a fresh URL after a 403 or 410.
   */
  createDownloader(api: {
    readonly baseUrl: string;
    readonly authorization: string;
    readonly retry: RetryWithBackoffOptions;
    readonly scheduler: SchedulerLike;
    readonly redactor: Redactor;
    readonly limit: <T>(download$: Observable<T>) => Observable<T>;
    readonly getVideo$: (id: string) => Observable<VideoTask>;
  }): Downloader;
  /**
   * Records a saved file in the journal, with its size and SHA-256; absent where there is no disk
   * (and no download), so that a browser bundle carries none of it.
   */
  readonly recordDownload?: RecordDownload | undefined;
}
