import { Observable, throwError, timer } from 'rxjs';
import { SoraVideoExpiredError, SoraVideoMismatchError } from '../errors/download-errors.js';
import { isSoraError } from '../errors/is-sora-error.js';
import { SoraNetworkError, SoraRequestTimeoutError } from '../errors/transport-errors.js';
import { holdProcessOpen } from '../http/hold-process-open.js';
import { contentAccept, isVideoAsset } from './content-asset.js';
import type { DownloadSettings } from './download-settings.js';
import type { DownloadSink } from './download-sink.js';
import type { StreamDownloadProgress } from './download-types.js';
import { type ReceivedVideoFile, receiveVideoFile } from './receive-video-file.js';
import { withoutQuery } from './video-url.js';

/** Where one download writes (a file, a stream, a buffer), and what its Observable emits. */
export interface DownloadTarget<T> {
  /** Opens the sink (a part file, the stream's writer), once subscribed. */
  open(): Promise<DownloadSink>;
  /** What a progress report emits; `undefined` for none. */
  progress(progress: StreamDownloadProgress): T | undefined;
  /** Closes what `open` opened once the last write is done, whether the download succeeded or not. */
  release(): Promise<void>;
  /** Puts the whole, checked file in place, and resolves with the last emission. */
  complete(received: ReceivedVideoFile & { readonly totalBytes: number }): Promise<T>;
  /**
   * Cleans up after a failure (`{ error }`) or unsubscribing (`undefined`, with the abort's
   * reason): removes a part file, aborts a stream.
   */
  discard(failure: { readonly error: unknown } | undefined, reason: unknown): void;
}

/**
 * Downloads the video of `settings` into `target`, streaming it through the one pipeline of
 * {@link receiveVideoFile}: the MP4 check, resumes with `Range`, retries, `maxBytes`. A task
 * whose `expires_at` has passed on the client's scheduler, when subscribed, fails at once with
 * `SORA_VIDEO_EXPIRED`, and nothing is sent. The whole download is bounded by `timeoutMs`; unsubscribing aborts the request and discards the target's
 * bytes. Every failure is a typed error on the stream.
 */
export function transferVideo<T>(
  settings: DownloadSettings,
  target: () => DownloadTarget<T>,
): Observable<T> {
  const { url, timeoutMs, requestContext: context } = settings;
  // A bad URL or id from the server is the server's fault, not the caller's: an error on the stream.
  if (typeof url !== 'string') return throwError(() => url);

  return new Observable<T>((subscriber) => {
    // The task says its video is gone: no request could bring it back.
    const { expiresAt } = settings;
    if (expiresAt !== undefined && context.scheduler.now() >= expiresAt) {
      subscriber.error(new SoraVideoExpiredError('', undefined, expiresAt));
      return;
    }
    const controller = new AbortController();
    const into = target();
    let settled = false;
    const release = holdProcessOpen();

    const run = async () => {
      const sink = await into.open();
      let received: ReceivedVideoFile;
      try {
        received = await receiveVideoFile(context, url, sink, {
          maxBytes: settings.maxBytes,
          maxResumes: settings.maxResumes,
          idleTimeoutMs: settings.idleTimeoutMs,
          retry: settings.retry,
          expectMp4: isVideoAsset(settings.asset),
          accept: contentAccept(settings.asset),
          signal: controller.signal,
          onProgress: (progress) => {
            const value = into.progress(progress);
            if (value !== undefined) subscriber.next(value);
          },
          toError: (error) => toNetworkError(url, error),
        });
      } finally {
        await into.release();
      }
      // Unsubscribed while the last bytes were written: the target is already discarded.
      controller.signal.throwIfAborted();
      const { bytes, totalBytes } = received;
      // Never in place with another size than the host declared, whatever the path here.
      if (totalBytes !== undefined && bytes !== totalBytes) {
        throw new SoraVideoMismatchError(
          withoutQuery(url),
          `it declared ${totalBytes} bytes and sent ${bytes}`,
        );
      }
      return into.complete({ bytes, totalBytes: totalBytes ?? bytes });
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
        // Past the time limit, the request was aborted, the target closed: say why.
        const typed = timedOut ?? toNetworkError(url, error);
        into.discard({ error: typed }, undefined);
        if (!controller.signal.aborted || timedOut !== undefined) subscriber.error(typed);
      },
    );

    return () => {
      deadline?.unsubscribe();
      release();
      if (settled) return;
      controller.abort();
      into.discard(undefined, controller.signal.reason);
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
