import type {
  DownloadOptions,
  StreamDownloadOptions,
  VideoBytesOptions,
} from '../download/download-types.js';
import { downloadVideo, downloadVideoBytes } from '../download/download-video.js';
import { buildPublicOnlyConnector } from '../http/public-only-connector.js';
import { undiciTransport } from '../http/undici-transport.js';
import { createUnrefAgent } from '../http/unref-agent.js';
import { hashFile } from '../journal/hash-file.js';
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
    const context = {
      ...api,
      dispatcher: () => (agent ??= createUnrefAgent(16)),
      publicDispatcher: () =>
        (publicAgent ??= createUnrefAgent(16, buildPublicOnlyConnector({ trustedOrigin }))),
    };
    const close = async () => {
      await Promise.all([agent?.close(), publicAgent?.close()]);
    };
    return Object.assign(
      (source: VideoTask | string, options: DownloadOptions | StreamDownloadOptions) =>
        downloadVideo(context, source, options),
      {
        bytes: (source: VideoTask | string, options: VideoBytesOptions) =>
          downloadVideoBytes(context, source, options),
        close,
      },
    );
  },
  hashFile,
};
