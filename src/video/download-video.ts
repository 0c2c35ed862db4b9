import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { Observable, throwError } from 'rxjs';
import type { Dispatcher } from 'undici';
import {
  SoraFileError,
  SoraInvalidVideoError,
  SoraInvalidVideoUrlError,
} from '../errors/download-errors.js';
import { isSoraError } from '../errors/is-sora-error.js';
import { SoraNetworkError, SoraResponseTooLargeError } from '../errors/transport-errors.js';
import { discardBody } from '../http/discard-body.js';
import { holdProcessOpen } from '../http/hold-process-open.js';
import { appendPath } from '../http/url.js';
import type { VideoTask } from '../model/video-task.js';
import {
  assertBoolean,
  assertKnownOptions,
  assertNonNegativeInteger,
  assertPositiveNumber,
} from '../util/assert-options.js';
import { pipeBodyToWriter } from './download-body.js';
import { createDownloadFileWriter, type DownloadFileWriter } from './download-file-writer.js';
import type { DownloadOptions, DownloadProgress } from './download-types.js';
import { videoFilePath } from './video-file-name.js';
import { type DownloadContext, requestVideoFile, totalSizeOf } from './video-file-request.js';
import { resolveVideoUrl, withoutQuery } from './video-url.js';

const FTYP = Buffer.from('ftyp');
const MIB = 1024 * 1024;
/**
 * How many bytes may wait, in the response body and again in the writer's queue, while the disk
 * catches up: enough for the network to keep going during a write, little enough for memory to
 * stay flat whatever the size of the file.
 */
const BUFFER_BYTES = MIB;

/** What the downloads of one client share: the API's details and two connection pools. */
export interface VideoDownloadContext extends DownloadContext {
  /** The pool of downloads with `allowPrivateAddresses: false`: it connects to public addresses only. */
  readonly publicDispatcher: () => Dispatcher;
}

/**
 * Downloads a task's video to disk, streaming it in constant memory. It writes to a temporary file
 * beside the target and renames it only once the whole file has arrived and starts like an MP4,
 * so a half-written video never sits at the final path. A dropped connection is resumed with
 * `Range`. Unsubscribing aborts the request and removes the temporary file. A task's relative
 * `video_url` is resolved against `baseUrl`; one that is empty or not http(s) is an error on the
 * stream (`SORA_INVALID_VIDEO_URL`), while a bad URL string from the caller throws a `TypeError`.
 */
export function downloadVideo(
  context: VideoDownloadContext,
  source: VideoTask | string,
  options: DownloadOptions,
): Observable<DownloadProgress> {
  assertKnownOptions(
    options,
    ['dir', 'file', 'maxBytes', 'maxResumes', 'idleTimeoutMs', 'allowPrivateAddresses'],
    'options',
  );
  const {
    maxBytes = 2 ** 31,
    maxResumes = 5,
    idleTimeoutMs = 30_000,
    allowPrivateAddresses = true,
  } = options;
  assertPositiveNumber(maxBytes, 'maxBytes');
  assertNonNegativeInteger(maxResumes, 'maxResumes');
  assertPositiveNumber(idleTimeoutMs, 'idleTimeoutMs');
  assertBoolean(allowPrivateAddresses, 'allowPrivateAddresses');
  const requestContext = allowPrivateAddresses
    ? context
    : { ...context, dispatcher: context.publicDispatcher };
  const { url, id } = resolveSource(context.baseUrl, source);
  const file = resolveTarget(options, id);
  // A bad URL from the server is the server's fault, not the caller's: an error on the stream.
  if (url instanceof SoraInvalidVideoUrlError) return throwError(() => url);

  return new Observable<DownloadProgress>((subscriber) => {
    const controller = new AbortController();
    const temp = `${file}.${randomBytes(6).toString('hex')}.part`;
    let tempExists = false;
    let settled = false;
    const release = holdProcessOpen();
    const removeTemp = () => {
      if (!tempExists) return;
      tempExists = false;
      try {
        unlinkSync(temp);
      } catch {
        // Already gone.
      }
    };

    const run = async () => {
      await onFile(file, () => mkdir(path.dirname(file), { recursive: true }));
      const handle = await onFile(file, () => open(temp, 'wx'));
      tempExists = true;
      let bytes: number;
      let totalBytes: number | undefined;
      try {
        ({ bytes, totalBytes } = await receive(handle));
      } finally {
        await handle.close().catch(() => {});
      }
      // Unsubscribed while the last bytes were written: the temporary file is already gone.
      controller.signal.throwIfAborted();
      await onFile(file, () => rename(temp, file));
      tempExists = false;
      return { file, bytes, totalBytes: totalBytes ?? bytes, done: true };
    };

    const receive = async (handle: FileHandle) => {
      let bytes = 0;
      let totalBytes: number | undefined;
      let head = Buffer.alloc(0);
      let nextProgressAt = 0;
      for (let resumes = 0; ; resumes++) {
        let response: Dispatcher.ResponseData | undefined;
        let writer: DownloadFileWriter | undefined;
        try {
          response = await requestVideoFile(requestContext, url, bytes, {
            idleTimeoutMs,
            highWaterMark: BUFFER_BYTES,
            signal: controller.signal,
          });
          if (bytes > 0 && response.statusCode === 200) {
            // The server ignored the Range: start again from the first byte.
            bytes = 0;
            nextProgressAt = 0;
            head = Buffer.alloc(0);
          }
          totalBytes ??= totalSizeOf(response, bytes);
          if (totalBytes !== undefined && totalBytes > maxBytes) {
            throw new SoraResponseTooLargeError(
              { method: 'GET', url: withoutQuery(url) },
              maxBytes,
            );
          }
          const progressStep = progressStepFor(totalBytes);
          writer = createDownloadFileWriter(handle, {
            file,
            start: bytes,
            highWaterMark: BUFFER_BYTES,
          });
          await pipeBodyToWriter(response.body, writer, (chunk) => {
            if (head.length < FTYP.length + 4) {
              head = Buffer.concat([head, chunk]);
              checkMp4Start(head, url);
            }
            if (bytes + chunk.length > maxBytes) {
              throw new SoraResponseTooLargeError(
                { method: 'GET', url: withoutQuery(url) },
                maxBytes,
              );
            }
            bytes += chunk.length;
            if (bytes >= nextProgressAt) {
              nextProgressAt = bytes + progressStep;
              subscriber.next({ file, bytes, totalBytes, done: false });
            }
          });
          await writer.flush();
          // A restart from the first byte wrote over what an earlier attempt left; nothing may stay
          // past the end. (Truncating before the body is read would leave its errors unheard.)
          await onFile(file, () => handle.truncate(bytes));
          if (totalBytes !== undefined && bytes < totalBytes)
            throw new Error('the body ended early');
          if (head.length < FTYP.length + 4) {
            throw new SoraInvalidVideoError(withoutQuery(url), `only ${bytes} bytes`);
          }
          return { bytes, totalBytes };
        } catch (error) {
          if (response !== undefined) discardBody(response.body);
          // Only a failed connection is worth resuming; what the server or the disk said is final.
          if (isSoraError(error) || controller.signal.aborted || resumes >= maxResumes) {
            await writer?.abandon();
            throw toNetworkError(url, error);
          }
          // Resume from the bytes received, once they are all on disk.
          await writer?.flush();
        }
      }
    };

    run().then(
      (last) => {
        settled = true;
        release();
        subscriber.next(last);
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        release();
        removeTemp();
        if (!controller.signal.aborted) subscriber.error(toNetworkError(url, error));
      },
    );

    return () => {
      release();
      if (settled) return;
      controller.abort();
      removeTemp();
    };
  });
}

/** Progress is reported about every 1 % of the file, at least every MiB: not once per chunk. */
function progressStepFor(totalBytes: number | undefined): number {
  return totalBytes === undefined ? MIB : Math.max(1, Math.min(MIB, Math.floor(totalBytes / 100)));
}

function checkMp4Start(head: Buffer, url: string): void {
  if (head.length >= 8 && !head.subarray(4, 8).equals(FTYP)) {
    throw new SoraInvalidVideoError(
      withoutQuery(url),
      `it starts with ${JSON.stringify(head.subarray(0, 8).toString('latin1'))}, not an ftyp box`,
    );
  }
}

function resolveSource(
  baseUrl: string,
  source: VideoTask | string,
): { url: string | SoraInvalidVideoUrlError; id: string } {
  if (typeof source === 'string') {
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
  // `undefined` too, for a task built by hand in JavaScript.
  if (source.video_url === null || source.video_url === undefined) {
    return { url: appendPath(baseUrl, 'videos', source.id, 'content'), id: source.id };
  }
  try {
    return { url: resolveVideoUrl(`${baseUrl}/`, source.video_url), id: source.id };
  } catch (error) {
    if (error instanceof SoraInvalidVideoUrlError) return { url: error, id: source.id };
    throw error;
  }
}

function resolveTarget(options: DownloadOptions, id: string): string {
  if (options.file !== undefined) {
    if (typeof options.file !== 'string' || options.file === '')
      throw new TypeError('Expected `file` to be a path');
    return path.resolve(options.file);
  }
  if (typeof options.dir !== 'string' || options.dir === '') {
    throw new TypeError('Expected `dir` or `file`: where to save the video');
  }
  return videoFilePath(options.dir, id);
}

async function onFile<T>(file: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new SoraFileError(file, error);
  }
}

function toNetworkError(url: string, error: unknown): unknown {
  if (isSoraError(error)) return error;
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  return new SoraNetworkError({ method: 'GET', url: withoutQuery(url) }, detail, {
    cause: error,
    causeCode: code,
  });
}
