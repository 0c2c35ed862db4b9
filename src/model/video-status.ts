import * as t from 'io-ts';

/**
 * The four statuses of a video task, in the order a task moves through them: `queued` →
 * `processing` → `completed` or `failed`.
 */
export type VideoStatus = 'queued' | 'processing' | 'completed' | 'failed';

/**
 * The codec of {@link VideoStatus}, which decodes every task: one error line for any other value.
 * Internal: the published declarations show users the union, not an io-ts type.
 */
export const VideoStatusCodec: t.Type<VideoStatus> = t.keyof({
  queued: null,
  processing: null,
  completed: null,
  failed: null,
} satisfies Record<VideoStatus, null>);

/** Whether a task in this status will never change again: `completed` or `failed`. */
export function isTerminal(status: VideoStatus): boolean {
  return status === 'completed' || status === 'failed';
}
