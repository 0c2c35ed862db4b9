import * as t from 'io-ts';
import { type VideoStatus, VideoStatusCodec } from './video-status.js';

/**
 * A video generation task as gateways send it, decoded. Only `id` and `status` are required of the
 * server: OpenRouter's video API, for one, answers `{ id, polling_url, status }` with no `object`,
 * `created` or `model`. A missing `video_url` or `error` is decoded as `null`. Fields the server
 * sends beyond these pass through decoding untouched, as plain data.
 *
 * An object type, not an interface: like any plain object it is a `Record<string, unknown>`, to
 * read such a field.
 */
export type VideoTask = {
  /** Unique identifier of the task, returned by the create call. */
  readonly id: string;
  /** Where the task is: `queued`, `processing`, `completed` or `failed`. */
  readonly status: VideoStatus;
  /** The video's URL once `completed`, else `null`. It usually expires after 24 hours. */
  readonly video_url: string | null;
  /** Why the task failed, once `failed`, else `null`. */
  readonly error: string | null;
  /** Object type: `video.generation` (or `video` on OpenAI-shaped gateways), where sent. */
  readonly object?: string;
  /**
   * Creation time, in Unix seconds, where the gateway reports it. Without it, the schedule counts
   * the task's age from the moment this client first saw it, or from the create it sent.
   */
  readonly created?: number;
  /** The model generating the video, such as `sora-2`, where the gateway reports it. */
  readonly model?: string;
  /** Progress from 0 to 100, where the gateway reports it. */
  readonly progress?: number;
  /** The video's length in seconds, where the gateway reports it (OpenAI sends a string). */
  readonly seconds?: number | string;
};

/**
 * The codec of {@link VideoTask}. Typed as `t.Type<VideoTask>`, so that the interface and the codec
 * cannot drift apart: either one without a field of the other fails to compile. Internal: the
 * published declarations show users the interface, not an io-ts type.
 */
export const VideoTaskCodec: t.Type<VideoTask> = t.intersection([
  t.type({
    id: t.string,
    status: VideoStatusCodec,
    video_url: t.union([t.string, t.null]),
    error: t.union([t.string, t.null]),
  }),
  t.partial({
    object: t.string,
    created: t.number,
    model: t.string,
    progress: t.number,
    seconds: t.union([t.number, t.string]),
  }),
]);
