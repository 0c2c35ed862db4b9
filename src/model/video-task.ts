import * as t from 'io-ts';
import { VideoStatus } from './video-status.js';

/**
 * A video generation task as gateways send it. Only `id` and `status` are required of the server:
 * OpenRouter's video API, for one, answers `{ id, polling_url, status }` with no `object`,
 * `created` or `model`. A missing `video_url` or `error` is decoded as `null`. Fields the server
 * sends beyond these pass through decoding untouched, as plain data.
 */
export const VideoTask = t.intersection([
  t.type({
    /** Unique identifier of the task, returned by the create call. */
    id: t.string,
    /** Where the task is: `queued`, `processing`, `completed` or `failed`. */
    status: VideoStatus,
    /** The video's URL once `completed`, else `null`. It usually expires after 24 hours. */
    video_url: t.union([t.string, t.null]),
    /** Why the task failed, once `failed`, else `null`. */
    error: t.union([t.string, t.null]),
  }),
  t.partial({
    /** Object type: `video.generation` (or `video` on OpenAI-shaped gateways), where sent. */
    object: t.string,
    /**
     * Creation time, in Unix seconds, where the gateway reports it. Without it, the schedule
     * counts the task's age from the moment this client first saw it, or from the create it sent.
     */
    created: t.number,
    /** The model generating the video, such as `sora-2`, where the gateway reports it. */
    model: t.string,
    /** Progress from 0 to 100, where the gateway reports it. */
    progress: t.number,
    /** The video's length in seconds, where the gateway reports it (OpenAI sends a string). */
    seconds: t.union([t.number, t.string]),
  }),
]);

/** A decoded video task. See {@link VideoTask} for its fields. */
export type VideoTask = t.TypeOf<typeof VideoTask>;
