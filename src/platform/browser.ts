import { fetchTransport } from '../http/fetch-transport.js';
import type { Platform } from './platform.js';

function nodeOnly(): never {
  throw new TypeError('download$ and videoBytes$ run in Node only; use task.video_url here');
}

/** Browsers, Deno, Bun and edge runtimes: `fetch` for requests; no disk to download to. */
export const platform: Platform = {
  createDefaultTransport: () => fetchTransport(),
  createDownloader: () => Object.assign(nodeOnly, { bytes: nodeOnly }),
};
