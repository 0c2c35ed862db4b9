import { fetchTransport } from '../http/fetch-transport.js';
import type { Platform } from './platform.js';

/** Browsers, Deno, Bun and edge runtimes: `fetch` for requests; no disk to download to. */
export const platform: Platform = {
  createDefaultTransport: () => fetchTransport(),
  createDownloader: () => () => {
    throw new TypeError(
      'download$ saves files to disk and runs in Node only; use task.video_url here',
    );
  },
};
