import { HAND_WRITTEN_WATCH, type WatchParts } from '../../src/video/watch-parts.js';

/** The watch parts every client test runs on: the hand-written ones and their twins. */
export const WATCH_PARTS: readonly (readonly [string, WatchParts])[] = [
  ['hand-written watch parts', HAND_WRITTEN_WATCH],
];
