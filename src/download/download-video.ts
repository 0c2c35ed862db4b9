import { randomBytes } from 'node:crypto';
import { statSync, unlinkSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { Observable, throwError, timer } from 'rxjs';
import type { Dispatcher } from 'undici';
import { SoraVideoMismatchError } from '../errors/download-errors.js';
import { isSoraError } from '../errors/is-sora-error.js';
import { SoraNetworkError, SoraRequestTimeoutError } from '../errors/transport-errors.js';
import { holdProcessOpen } from '../http/hold-process-open.js';
import type { VideoTask } from '../model/video-task.js';
import { DEFAULT_RETRY_OPTIONS, resolveRetryOptions } from '../operators/retry-with-backoff.js';
import {
  assertBoolean,
  assertDuration,
  assertKnownOptions,
  assertNonNegativeInteger,
  assertPositiveNumber,
} from '../util/assert-options.js';
import { mergeOptions } from '../util/merge-options.js';
import { checkContentAsset, contentAccept, isVideoAsset } from './content-asset.js';
import { onFile } from './download-file-writer.js';
import { resolveSource, resolveTarget } from './download-source.js';
import type { DownloadOptions, DownloadProgress } from './download-types.js';
import { makeDirectory } from './make-directory.js';
import { receiveVideoFile } from './receive-video-file.js';
import type { DownloadContext } from './video-file-request.js';
import { withoutQuery } from './video-url.js';

/** The default of {@link DownloadOptions.timeoutMs}: an hour. */
const DEFAULT_TIMEOUT_MS = 3_600_000;
/** The retry options a call may set: all but `scheduler`, as the client's scheduler runs every wait. */
const RETRY_OPTIONS = [...Object.keys(DEFAULT_RETRY_OPTIONS), 'shouldRetry', 'random', 'onRetry'];

/** What the downloads of one client share: the API's details and two connection pools. */
export interface VideoDownloadContext extends DownloadContext {
  /** The pool of downloads with `allowPrivateAddresses: false`: it connects to public addresses only. */
  readonly publicDispatcher: () => Dispatcher;
}

/**
 * Downloads a task's video to disk, streaming it in constant memory. It writes to a temporary file
 * beside the target and renames it only once the whole file has arrived and starts like an MP4
 * (a `variant` image is saved as it comes), so a half-written video never sits at the final path, nor one of another size than its host
 * declared. A dropped connection is resumed with `Range` and `If-Range`, keeping the bytes received
 * only when the answer provably continues them. Unsubscribing aborts the request and removes the
 * temporary file. A task's relative `video_url` is resolved against `baseUrl`; one that is empty or
 * not http(s) is an error on the stream (`SORA_INVALID_VIDEO_URL`), while a bad URL string from the
 * caller throws a `TypeError`.
 */
export function downloadVideo(
  context: VideoDownloadContext,
  source: VideoTask | string,
  options: DownloadOptions,
): Observable<DownloadProgress> {
  assertKnownOptions(
    options,
    [
      'dir',
      'file',
      'maxBytes',
      'maxResumes',
      'idleTimeoutMs',
      'timeoutMs',
      'retry',
      'allowPrivateAddresses',
      'keepPartial',
      'variant',
      'index',
    ],
    'options',
  );
  const {
    maxBytes = 2 ** 31,
    maxResumes = 5,
    idleTimeoutMs = 30_000,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    allowPrivateAddresses = true,
    keepPartial = false,
  } = options;
  assertPositiveNumber(maxBytes, 'maxBytes');
  assertNonNegativeInteger(maxResumes, 'maxResumes');
  assertDuration(idleTimeoutMs, 'idleTimeoutMs');
  if (timeoutMs !== Number.POSITIVE_INFINITY) assertDuration(timeoutMs, 'timeoutMs');
  assertKnownOptions(options.retry, RETRY_OPTIONS, 'options.retry');
  const retry = resolveRetryOptions({
    ...mergeOptions(context.retry, options.retry),
    scheduler: context.scheduler,
  });
  assertBoolean(allowPrivateAddresses, 'allowPrivateAddresses');
  assertBoolean(keepPartial, 'keepPartial');
  const asset = checkContentAsset(options);
  const requestContext = allowPrivateAddresses
    ? context
    : { ...context, dispatcher: context.publicDispatcher };
  const { url, id } = resolveSource(context.baseUrl, source, asset);
  const file = resolveTarget(options, id, asset);
  // A bad URL or id from the server is the server's fault, not the caller's: an error on the stream.
  if (typeof url !== 'string') return throwError(() => url);

  return new Observable<DownloadProgress>((subscriber) => {
    const controller = new AbortController();
    const temp = keepPartial ? `${file}.part` : `${file}.${randomBytes(6).toString('hex')}.part`;
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
      await onFile(file, () => makeDirectory(path.dirname(file)));
      const { handle, kept } = await onFile(file, () => openPart(temp, keepPartial));
      tempExists = true;
      let bytes: number;
      let totalBytes: number | undefined;
      try {
        ({ bytes, totalBytes } = await receiveVideoFile(requestContext, url, handle, {
          file,
          maxBytes,
          maxResumes,
          idleTimeoutMs,
          retry,
          kept,
          expectMp4: isVideoAsset(asset),
          accept: contentAccept(asset),
          signal: controller.signal,
          onProgress: (progress) => subscriber.next(progress),
          toError: (error) => toNetworkError(url, error),
        }));
      } finally {
        await handle.close().catch(() => {});
      }
      // Unsubscribed while the last bytes were written: the temporary file is already gone.
      controller.signal.throwIfAborted();
      // Never in place with another size than the host declared, whatever the path here.
      if (totalBytes !== undefined && bytes !== totalBytes) {
        throw new SoraVideoMismatchError(
          withoutQuery(url),
          `it declared ${totalBytes} bytes and sent ${bytes}`,
        );
      }
      await onFile(file, () => rename(temp, file));
      tempExists = false;
      return { file, bytes, totalBytes: totalBytes ?? bytes, done: true };
    };

    let timedOut: SoraRequestTimeoutError | undefined;
    const deadline =
      timeoutMs === Number.POSITIVE_INFINITY
        ? undefined
        : timer(timeoutMs, context.scheduler).subscribe(() => {
            timedOut = new SoraRequestTimeoutError(
              { method: 'GET', url: withoutQuery(url) },
              timeoutMs,
            );
            controller.abort(timedOut);
          });

    run().then(
      (last) => {
        settled = true;
        deadline?.unsubscribe();
        release();
        subscriber.next(last);
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        deadline?.unsubscribe();
        release();
        // A part kept for a later download to continue stays; unsubscribing still removes it.
        if (!keepPartial || !isWorthKeeping(temp, error)) removeTemp();
        // Past the time limit, the request was aborted, the file closed and removed: say why.
        if (timedOut !== undefined) subscriber.error(timedOut);
        else if (!controller.signal.aborted) subscriber.error(toNetworkError(url, error));
      },
    );

    return () => {
      deadline?.unsubscribe();
      release();
      if (settled) return;
      controller.abort();
      removeTemp();
    };
  });
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

/**
 * Opens the part file: a new one, or with `keepPartial` the one an earlier download left, with the
 * number of bytes it holds.
 */
async function openPart(
  temp: string,
  keepPartial: boolean,
): Promise<{ handle: Awaited<ReturnType<typeof open>>; kept: number }> {
  if (!keepPartial) return { handle: await open(temp, 'wx'), kept: 0 };
  try {
    const handle = await open(temp, 'r+');
    return { handle, kept: (await handle.stat()).size };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { handle: await open(temp, 'wx'), kept: 0 };
  }
}

/** Whether a part file is worth continuing: it holds bytes, and they are not known to be wrong. */
function isWorthKeeping(temp: string, error: unknown): boolean {
  if (
    isSoraError(error, 'SORA_INVALID_VIDEO') ||
    isSoraError(error, 'SORA_VIDEO_MISMATCH') ||
    isSoraError(error, 'SORA_RESPONSE_TOO_LARGE')
  ) {
    return false;
  }
  try {
    return statSync(temp).size > 0;
  } catch {
    return false;
  }
}
