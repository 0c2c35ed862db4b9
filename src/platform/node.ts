import type { Observable } from 'rxjs';
import { downloadWithFreshUrl } from '../download/download-fresh-url.js';
import type {
  DownloadOptions,
  StreamDownloadOptions,
  VideoBytesOptions,
} from '../download/download-types.js';
import { downloadVideo, downloadVideoBytes } from '../download/download-video.js';
import { buildPublicOnlyConnector } from '../http/public-only-connector.js';
import { redactErrors } from '../http/redact-error.js';
import { undiciTransport } from '../http/undici-transport.js';
import { createUnrefAgent } from '../http/unref-agent.js';
import { hashFile } from '../journal/hash-file.js';
import { recordDownload } from '../journal/record-download.js';
import type { VideoTask } from '../model/video-task.js';
import type { Platform } from './platform.js';

/** Node: undici for requests, and downloads straight to disk, to a stream or into memory. */
export const platform: Platform = {
  createDefaultTransport: () => undiciTransport(),
  createDownloader: (api) => {
    let agent: ReturnType<typeof createUnrefAgent> | undefined;
    // Downloads that refuse private addresses have a pool of their own: a connection opened for
    // one that allows them must never be reused by one that does not.
    let publicAgent: ReturnType<typeof createUnrefAgent> | undefined;
    const trustedOrigin = new URL(api.baseUrl).origin;
    const { redactor, limit, getVideo$ } = api;
    const context = {
      baseUrl: api.baseUrl,
      authorization: api.authorization,
      retry: api.retry,
      scheduler: api.scheduler,
      dispatcher: () => (agent ??= createUnrefAgent(16)),
      publicDispatcher: () =>
        (publicAgent ??= createUnrefAgent(16, buildPublicOnlyConnector({ trustedOrigin }))),
    };
    const close = async () => {
      await Promise.all([agent?.close(), publicAgent?.close()]);
    };
    // Each attempt is limited, its errors without the key (a video URL is the server's choice,
    // and errors quote it); a task's is tried again once with a fresh URL after a 403 or 410.
    const guarded = <T>(
      source: VideoTask | string,
      start: (source: VideoTask | string) => Observable<T>,
    ): Observable<T> => {
      const attempt = (from: VideoTask | string) =>
        limit(start(from).pipe(redactErrors<T>(redactor)));
      return typeof source === 'object' && source !== null
        ? downloadWithFreshUrl(source, attempt, getVideo$)
        : attempt(source);
    };
    return Object.assign(
      (source: VideoTask | string, options: DownloadOptions | StreamDownloadOptions) =>
        guarded(source, (from) => downloadVideo(context, from, options)),
      {
        bytes: (source: VideoTask | string, options: VideoBytesOptions) =>
          guarded(source, (from) => downloadVideoBytes(context, from, options)),
        close,
      },
    );
  },
  recordDownload: (log, id) => recordDownload(log, id, hashFile),
};
