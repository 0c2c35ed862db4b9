import { undiciTransport } from '../http/undici-transport.js';
import { createUnrefAgent } from '../http/unref-agent.js';
import { downloadVideo } from '../video/download-video.js';
import type { Platform } from './platform.js';

/** Node: undici for requests, and downloads straight to disk. */
export const platform: Platform = {
  createDefaultTransport: () => undiciTransport(),
  createDownloader: (api) => {
    let agent: ReturnType<typeof createUnrefAgent> | undefined;
    const context = { ...api, dispatcher: () => (agent ??= createUnrefAgent(16)) };
    return (source, options) => downloadVideo(context, source, options);
  },
};
