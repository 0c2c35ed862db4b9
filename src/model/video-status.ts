import * as t from 'io-ts';

/** The four statuses of a video task, in the order a task moves through them. */
export const VideoStatus = t.keyof({
  queued: null,
  processing: null,
  completed: null,
  failed: null,
});

/** `queued` → `processing` → `completed` or `failed`. */
export type VideoStatus = t.TypeOf<typeof VideoStatus>;

/** Whether a task in this status will never change again: `completed` or `failed`. */
export function isTerminal(status: VideoStatus): boolean {
  return status === 'completed' || status === 'failed';
}
