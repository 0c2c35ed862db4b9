import { pollUntil } from '../operators/poll-until.js';
import { shareTaskWatch } from './share-task-watch.js';

/**
 * The two parts of a watch that sora-rx writes by hand for memory: the poll loop and the sharing
 * of a task's watch. Their twins composed from standard RxJS operators live in the tests, which
 * run a client on either and expect the same behaviour.
 */
export interface WatchParts {
  /** Polls until done: {@link pollUntil} or its twin. */
  readonly pollUntil: typeof pollUntil;
  /** Shares one poll loop between subscribers: {@link shareTaskWatch} or its twin. */
  readonly shareTaskWatch: typeof shareTaskWatch;
}

/** The hand-written parts, which every client uses. */
export const HAND_WRITTEN_WATCH: WatchParts = { pollUntil, shareTaskWatch };
