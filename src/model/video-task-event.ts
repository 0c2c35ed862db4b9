import type { VideoStatus } from './video-status.js';

/**
 * A pushed word about a task: its id and its status, as a webhook receiver, a pub/sub channel of
 * a fleet or a test subject tells it. Give an Observable of them to the client's `events` option.
 */
export interface VideoTaskEvent {
  /** The task's id, as the create call returned it. */
  readonly id: string;
  /** The task's status as the event tells it; only `completed` and `failed` end a wait. */
  readonly status: VideoStatus;
}
