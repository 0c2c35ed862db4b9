import type { Observable } from 'rxjs';
import type { VideoTask } from '../model/video-task.js';
import { assertBoolean } from '../util/assert-options.js';
import { bufferTarget } from './buffer-target.js';
import { checkDownloadSettings, type VideoDownloadContext } from './download-settings.js';
import { resolveTarget } from './download-source.js';
import type {
  DownloadOptions,
  DownloadProgress,
  StreamDownloadOptions,
  StreamDownloadProgress,
  VideoBytesOptions,
} from './download-types.js';
import { fileTarget } from './file-target.js';
import { checkWritableStream, streamTarget } from './stream-target.js';
import { transferVideo } from './transfer-video.js';

/**
 * Downloads a task's video to disk, or to the stream `to`, streaming it in constant memory.
 *
 * On disk it writes to a temporary file beside the target and renames it only once the whole file
 * has arrived and starts like an MP4 (a `variant` image is saved as it comes), so a half-written
 * video never sits at the final path, nor one of another size than its host declared. A stream
 * gets each byte once, and is closed once the file is checked.
 *
 * A dropped connection is resumed with `Range` and `If-Range`, keeping the bytes received only when
 * the answer provably continues them. Unsubscribing aborts the request and removes the temporary
 * file (aborts the stream). A task's relative `video_url` is resolved against `baseUrl`; one that
 * is empty or not http(s) is an error on the stream (`SORA_INVALID_VIDEO_URL`), while a bad URL
 * string from the caller throws a `TypeError`.
 */
export function downloadVideo(
  context: VideoDownloadContext,
  source: VideoTask | string,
  options: DownloadOptions | StreamDownloadOptions,
): Observable<DownloadProgress | StreamDownloadProgress> {
  if (typeof options === 'object' && options !== null && 'to' in options) {
    const settings = checkDownloadSettings(context, source, options, ['to']);
    const { to } = options;
    checkWritableStream(to);
    return transferVideo(settings, () => streamTarget(to));
  }
  const settings = checkDownloadSettings(context, source, options, ['dir', 'file', 'keepPartial']);
  const { keepPartial = false } = options;
  assertBoolean(keepPartial, 'keepPartial');
  const file = resolveTarget(options, settings.id, settings.asset);
  return transferVideo(settings, () => fileTarget(file, keepPartial));
}

/**
 * Downloads a task's video into memory, through the same checks, resumes and retries as
 * {@link downloadVideo}, and emits it once as one `Uint8Array`, at most `maxBytes` long.
 */
export function downloadVideoBytes(
  context: VideoDownloadContext,
  source: VideoTask | string,
  options: VideoBytesOptions,
): Observable<Uint8Array> {
  const settings = checkDownloadSettings(context, source, options, []);
  return transferVideo(settings, () => bufferTarget(settings.maxBytes));
}
