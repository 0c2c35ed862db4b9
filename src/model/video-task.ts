import * as t from 'io-ts';
import { VideoStatus } from './video-status.js';

/**
 * A video generation task exactly as the API documents it. Fields the server sends beyond these
 * pass through decoding untouched.
 */
export const VideoTask = t.intersection([
  t.type({
    /** Unique identifier of the task, returned by the create call. */
    id: t.string,
    /** Object type: `video.generation` (or `video` on OpenAI-shaped gateways). */
    object: t.string,
    /** Creation time, in Unix seconds. */
    created: t.number,
    /** The model generating the video, such as `sora-2`. */
    model: t.string,
    /** Where the task is: `queued`, `processing`, `completed` or `failed`. */
    status: VideoStatus,
    /** The video's URL once `completed`, else `null`. It usually expires after 24 hours. */
    video_url: t.union([t.string, t.null]),
    /** Why the task failed, once `failed`, else `null`. */
    error: t.union([t.string, t.null]),
  }),
  t.partial({
    /** Progress from 0 to 100, where the gateway reports it. */
    progress: t.number,
    /** The video's length in seconds, where the gateway reports it (OpenAI sends a string). */
    seconds: t.union([t.number, t.string]),
  }),
]);

/** A decoded video task. See {@link VideoTask} for its fields. */
export type VideoTask = t.TypeOf<typeof VideoTask>;
