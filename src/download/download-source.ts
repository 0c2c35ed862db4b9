import path from 'node:path';
import { taskIdError } from '../api/api-request.js';
import { SoraInvalidVideoUrlError } from '../errors/download-errors.js';
import type { SoraInvalidTaskIdError } from '../errors/task-id-error.js';
import { appendPath } from '../http/url.js';
import type { VideoTask } from '../model/video-task.js';
import {
  type ContentAsset,
  contentFileSuffix,
  isPlainVideo,
  withContentQuery,
} from './content-asset.js';
import type { DownloadOptions } from './download-types.js';
import { videoFilePath } from './video-file-name.js';
import { resolveVideoUrl } from './video-url.js';

/**
 * What a download fetches, and the id its file is named after: the task's `video_url` (resolved
 * against `baseUrl`), or its content endpoint, with the query of `asset`, when it has none or
 * `asset` asks for another file; or the URL given. A bad URL from the caller throws a `TypeError`;
 * a bad `video_url` from the server, or a task id that no URL can carry where the content endpoint
 * needs it, comes back as the error, for the stream.
 */
export function resolveSource(
  baseUrl: string,
  source: VideoTask | string,
  asset: ContentAsset,
): { url: string | SoraInvalidVideoUrlError | SoraInvalidTaskIdError; id: string } {
  if (typeof source === 'string') {
    if (asset.variant !== undefined || asset.index !== undefined) {
      throw new TypeError(
        'Expected a video task with `variant` or `index`: they choose what the API serves for a task, not what a URL serves',
      );
    }
    let url: URL;
    try {
      url = new URL(source);
    } catch {
      throw new TypeError(`Expected an absolute video URL, got ${JSON.stringify(source)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`Expected an http(s) video URL, got "${url.protocol}"`);
    }
    return { url: url.href, id: path.posix.basename(url.pathname).replace(/\.mp4$/i, '') };
  }
  if (typeof source !== 'object' || source === null || typeof source.id !== 'string') {
    throw new TypeError('Expected a video task or a video URL to download');
  }
  if (source.status !== 'completed') {
    throw new TypeError(`Task ${source.id} is ${source.status}: only a completed task has a video`);
  }
  // `undefined` too, for a task built by hand in JavaScript. The `video_url` is the video only:
  // another variant, or an output by index, comes from the content endpoint.
  if (source.video_url === null || source.video_url === undefined || !isPlainVideo(asset)) {
    const invalid = taskIdError(source.id);
    if (invalid !== undefined) return { url: invalid, id: source.id };
    const content = appendPath(baseUrl, 'videos', source.id, 'content');
    return { url: withContentQuery(content, asset), id: source.id };
  }
  try {
    return { url: resolveVideoUrl(`${baseUrl}/`, source.video_url), id: source.id };
  } catch (error) {
    if (error instanceof SoraInvalidVideoUrlError) return { url: error, id: source.id };
    throw error;
  }
}

/** The path to save to: `file` as given, or the task's name in `dir` with the suffix of `asset`. */
export function resolveTarget(options: DownloadOptions, id: string, asset: ContentAsset): string {
  if (options.file !== undefined) {
    if (typeof options.file !== 'string' || options.file === '')
      throw new TypeError('Expected `file` to be a path');
    return path.resolve(options.file);
  }
  if (typeof options.dir !== 'string' || options.dir === '') {
    throw new TypeError('Expected `dir`, `file` or `to`: where to save the video');
  }
  return videoFilePath(options.dir, id, contentFileSuffix(asset));
}
