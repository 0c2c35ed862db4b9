import type { Dispatcher } from 'undici';
import { SoraInvalidVideoError, SoraVideoMismatchError } from '../errors/download-errors.js';
import { isSoraError } from '../errors/is-sora-error.js';
import { SoraResponseTooLargeError } from '../errors/transport-errors.js';
import { discardBody } from '../http/discard-body.js';
import { computeRetryDelay, type ResolvedRetryOptions } from '../operators/retry-with-backoff.js';
import { wait } from '../util/wait.js';
import { pipeBodyToWriter } from './download-body.js';
import type { ChunkWriter, DownloadSink } from './download-sink.js';
import type { StreamDownloadProgress } from './download-types.js';
import { type Mp4BoxWalk, walkMp4Boxes } from './mp4-boxes.js';
import { type FileVersion, readRangeAnswer } from './range-answer.js';
import { type DownloadContext, requestVideoFile } from './video-file-request.js';
import { withoutQuery } from './video-url.js';

const FTYP = Buffer.from('ftyp');
const MIB = 1024 * 1024;
/**
 * How many bytes may wait, in the response body and again in the writer's queue, while the disk
 * catches up: enough for the network to keep going during a write, little enough for memory to
 * stay flat whatever the size of the file.
 */
const BUFFER_BYTES = MIB;

/** How {@link receiveVideoFile} fetches the video, and whom it tells. */
export interface ReceiveVideoFileOptions {
  /** The largest file to accept, in bytes. */
  readonly maxBytes: number;
  /** How many times to resume after a drop, or to start again after a mismatch. */
  readonly maxResumes: number;
  /** How long to wait for the headers, and then between two chunks of the body, in ms. */
  readonly idleTimeoutMs: number;
  /** How requests that fail before any byte arrives are retried, and the scheduler of the waits. */
  readonly retry: ResolvedRetryOptions;
  /**
   * Whether the file must start like an MP4. An image (a thumbnail, a spritesheet) is saved as
   * it comes.
   * @default true
   */
  readonly expectMp4?: boolean | undefined;
  /** The `accept` header of the requests. */
  readonly accept?: string | undefined;
  /** Aborts the request in flight, or the wait before the next. */
  readonly signal: AbortSignal;
  /** Gets the progress reports. */
  readonly onProgress: (progress: StreamDownloadProgress) => void;
  /** The typed error for what a request or its body threw. */
  readonly toError: (error: unknown) => unknown;
}

/** What {@link receiveVideoFile} wrote. */
export interface ReceivedVideoFile {
  /** The size of the file written. */
  readonly bytes: number;
  /** The size the host declared, when it did: then equal to `bytes`. */
  readonly totalBytes: number | undefined;
}

/**
 * Writes the video at `url` into `sink` from its first byte, and resolves once the whole file is
 * there and starts like an MP4 (unless `expectMp4` is false). The bytes a sink kept from an earlier
 * download (a part file) are continued with `Range` if they start like an MP4, else dropped.
 *
 * - A connection that drops after bytes arrived is resumed at once with `Range` and `If-Range`,
 *   up to `maxResumes` times. The bytes kept stay only if the answer provably continues them
 *   ({@link readRangeAnswer}); a 200 writes the file again from its first byte, and any other
 *   answer empties the file and asks for it whole (a resume too).
 * - A request that fails before any byte of its body arrives (a 5xx, a 429, a refused or reset
 *   connection) is retried after the wait of `retry` (the server's `Retry-After`, clamped, or
 *   the backoff), up to `retry.maxRetries` failures in a row; bytes already kept are resumed.
 * - A body whose host declared no size (a close-delimited connection) is whole only if the MP4's
 *   top-level boxes add up to its length ({@link walkMp4Boxes}); one that ends inside a box is
 *   resumed like a drop, and past `maxResumes` fails with `SORA_VIDEO_MISMATCH`.
 * - What the host or the disk says is final: an expired URL, a body larger than `maxBytes` or than
 *   the size declared, a file that is not an MP4, a failed write.
 */
export async function receiveVideoFile(
  context: DownloadContext,
  url: string,
  sink: DownloadSink,
  options: ReceiveVideoFileOptions,
): Promise<ReceivedVideoFile> {
  const { maxBytes, maxResumes, idleTimeoutMs, retry, signal, onProgress } = options;
  const expectMp4 = options.expectMp4 ?? true;
  const tooLarge = () =>
    new SoraResponseTooLargeError({ method: 'GET', url: withoutQuery(url) }, maxBytes);
  let bytes = 0;
  /** The version of the file the bytes on disk belong to, once an answer said. */
  let version: FileVersion | undefined;
  let head: Buffer = Buffer.alloc(0);
  let nextProgressAt = 0;
  /** The top-level boxes of the bytes written: a file of undeclared size must end where they do. */
  let boxes = walkMp4Boxes();
  if (sink.kept > 0 && !expectMp4) {
    bytes = sink.kept;
  } else if (sink.kept > 0) {
    const start = await sink.read(0, FTYP.length + 4);
    if (start.length === FTYP.length + 4 && start.subarray(4, 8).equals(FTYP)) {
      bytes = sink.kept;
      head = start;
      await walkKeptBoxes(sink, boxes);
    } else {
      await sink.restart();
    }
  }
  let resumes = 0;
  /** Requests in a row that failed before any byte arrived. */
  let failures = 0;
  /** Drops the bytes kept, to fetch the file from its first byte; fails where they cannot be taken back. */
  const startOver = async (detail: string) => {
    if (!(await sink.restart())) {
      throw new SoraVideoMismatchError(
        withoutQuery(url),
        `${detail}, and its first ${bytes} bytes were already written to the stream`,
      );
    }
    bytes = 0;
    version = undefined;
    head = Buffer.alloc(0);
    nextProgressAt = 0;
    boxes = walkMp4Boxes();
  };

  for (;;) {
    let response: Dispatcher.ResponseData | undefined;
    let writer: ChunkWriter | undefined;
    let received = 0;
    try {
      response = await requestVideoFile(context, url, bytes, {
        idleTimeoutMs,
        highWaterMark: BUFFER_BYTES,
        signal,
        ifRange: version?.ifRange,
        accept: options.accept,
      });
      const answer = readRangeAnswer(response.statusCode, response.headers, bytes, version);
      if (answer.kind === 'mismatch') {
        // The kept bytes may be of another version, or this answer lies: ask for the whole file.
        discardBody(response.body);
        if (resumes >= maxResumes) {
          throw new SoraVideoMismatchError(withoutQuery(url), answer.detail);
        }
        resumes += 1;
        await startOver(answer.detail);
        continue;
      }
      // A 200 to a resume: the host ignored the Range, or the file changed. Start again.
      if (answer.kind === 'whole' && bytes > 0) {
        await startOver(`asked for bytes from ${bytes}, got the whole file`);
      }
      version = answer.version;
      const { totalBytes } = version;
      if (totalBytes !== undefined && totalBytes > maxBytes) throw tooLarge();
      const progressStep = progressStepFor(totalBytes);
      writer = sink.writer(bytes, totalBytes);
      await pipeBodyToWriter(response.body, writer, (chunk) => {
        if (expectMp4 && head.length < FTYP.length + 4) {
          head = Buffer.concat([head, chunk]);
          checkMp4Start(head, url);
        }
        if (bytes + chunk.length > maxBytes) throw tooLarge();
        if (totalBytes !== undefined && bytes + chunk.length > totalBytes) {
          throw new SoraVideoMismatchError(
            withoutQuery(url),
            `it declared ${totalBytes} bytes and sent more`,
          );
        }
        if (expectMp4) boxes.push(chunk);
        bytes += chunk.length;
        received += chunk.length;
        if (bytes >= nextProgressAt) {
          nextProgressAt = bytes + progressStep;
          onProgress({ bytes, totalBytes, done: false });
        }
      });
      await writer.flush();
      // A restart from the first byte wrote over what an earlier attempt left; nothing may stay
      // past the end. (Truncating before the body is read would leave its errors unheard.)
      await sink.end(bytes);
      if (totalBytes !== undefined && bytes < totalBytes) throw new Error('the body ended early');
      if (expectMp4 && head.length < FTYP.length + 4) {
        throw new SoraInvalidVideoError(withoutQuery(url), `only ${bytes} bytes`);
      }
      // No size declared (a close-delimited body): only the MP4's own boxes tell a cut from an end.
      const problem = expectMp4 && totalBytes === undefined ? boxes.problem() : undefined;
      if (problem?.cut === false)
        throw new SoraInvalidVideoError(withoutQuery(url), problem.detail);
      if (problem !== undefined) {
        if (resumes >= maxResumes) {
          throw new SoraVideoMismatchError(
            withoutQuery(url),
            `it sent ${bytes} bytes without declaring a size, and ${problem.detail}`,
          );
        }
        // Cut short like a dropped connection: resume with Range from the bytes received.
        resumes += 1;
        failures = 0;
        continue;
      }
      return { bytes, totalBytes };
    } catch (caught) {
      if (response !== undefined) discardBody(response.body);
      const error = options.toError(caught);
      // A connection that dropped mid-file was working: resume at once. Anything else waits.
      const dropped = received > 0 && !isSoraError(caught);
      const again = dropped
        ? resumes < maxResumes
        : failures < retry.maxRetries && retry.shouldRetry(error, failures + 1);
      if (signal.aborted || !again) {
        await writer?.abandon();
        throw error;
      }
      // Resume from the bytes received, once they are all on disk.
      await writer?.flush();
      if (dropped) {
        resumes += 1;
        failures = 0;
      } else {
        failures += 1;
        await wait(computeRetryDelay(error, failures, retry), retry.scheduler, signal);
      }
    }
  }
}

/** Follows the boxes of the bytes a sink kept, reading only their headers. */
async function walkKeptBoxes(sink: DownloadSink, boxes: Mp4BoxWalk): Promise<void> {
  for (let at = boxes.skipTo(sink.kept); at < sink.kept; at = boxes.skipTo(sink.kept)) {
    const header = await sink.read(at, Math.min(16, sink.kept - at));
    if (header.length === 0) return;
    boxes.push(header);
  }
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
