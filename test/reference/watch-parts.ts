import { HAND_WRITTEN_WATCH, type WatchParts } from '../../src/watch/watch-parts.js';
import { referencePollUntil } from './poll-until.js';
import { referenceShareTaskWatch } from './share-task-watch.js';

/** The twins of the hand-written watch parts, composed from standard RxJS operators. */
export const REFERENCE_WATCH: WatchParts = {
  pollUntil: referencePollUntil,
  shareTaskWatch: referenceShareTaskWatch,
};

/** The watch parts every client test runs on: the hand-written ones and their twins. */
export const WATCH_PARTS: readonly (readonly [string, WatchParts])[] = [
  ['hand-written watch parts', HAND_WRITTEN_WATCH],
  ['standard-operator twins', REFERENCE_WATCH],
];
