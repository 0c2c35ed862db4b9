import { SoraFileError } from '../errors/download-errors.js';
import type { ChunkWriter, DownloadSink } from './download-sink.js';
import type { StreamDownloadProgress } from './download-types.js';
import type { DownloadTarget } from './transfer-video.js';

/** How a stream is named in the errors of its writes. */
const STREAM_NAME = 'the `to` stream';

/** Throws a `TypeError` unless `to` is a WritableStream that no one else writes to. */
export function checkWritableStream(to: unknown): asserts to is WritableStream<Uint8Array> {
  if (
    typeof to !== 'object' ||
    to === null ||
    typeof (to as Partial<WritableStream>).getWriter !== 'function'
  ) {
    throw new TypeError(
      'Expected `to` to be a WritableStream (for a Node stream, `Writable.toWeb(stream)`)',
    );
  }
  if ((to as WritableStream).locked) {
    throw new TypeError(
      'Expected `to` to be a WritableStream that no one else writes to: it is locked',
    );
  }
}

/**
 * A download to a WritableStream: each chunk is written once, in order, waiting while the stream
 * is behind. Its writer is taken at once and kept to the end: the stream is closed once the whole
 * file is checked, and aborted on a failure or on unsubscribing. Bytes written cannot be taken
 * back, so a host that would have the file start again fails the download.
 */
export function streamTarget(
  to: WritableStream<Uint8Array>,
): DownloadTarget<StreamDownloadProgress> {
  const writer = to.getWriter();
  let ended = false;
  const end = () => {
    ended = true;
    writer.releaseLock();
  };
  return {
    open: async () => streamSink(writer),
    progress: (progress) => progress,
    release: async () => {},
    complete: async ({ bytes, totalBytes }) => {
      try {
        await writer.close();
      } catch (error) {
        throw new SoraFileError(STREAM_NAME, error);
      } finally {
        end();
      }
      return { bytes, totalBytes, done: true };
    },
    discard: (failure, reason) => {
      if (ended) return;
      writer.abort(failure === undefined ? reason : failure.error).catch(() => {});
      end();
    },
  };
}

/** The sink of a stream's writer. */
function streamSink(writer: WritableStreamDefaultWriter<Uint8Array>): DownloadSink {
  /** Bytes handed to the stream: a resume starts after them. */
  let written = 0;
  return {
    kept: 0,
    read: async () => Buffer.alloc(0),
    writer: () =>
      streamWriter(writer, (length) => {
        written += length;
      }),
    // Nothing written yet: starting again costs nothing. Else what the stream has stays there.
    restart: async () => written === 0,
    end: async () => {},
  };
}

/** A {@link ChunkWriter} over a stream's writer, which counts each chunk handed to the stream. */
function streamWriter(
  writer: WritableStreamDefaultWriter<Uint8Array>,
  onWritten: (length: number) => void,
): ChunkWriter {
  let last: Promise<void> = Promise.resolve();
  let failure: { readonly error: SoraFileError } | undefined;
  let abandoned = false;
  const fail = (error: unknown) => {
    failure ??= { error: new SoraFileError(STREAM_NAME, error) };
  };
  return {
    write(chunk) {
      if (failure !== undefined) return false;
      if (abandoned || chunk.length === 0) return true;
      onWritten(chunk.length);
      last = writer.write(chunk).catch(fail);
      return (writer.desiredSize ?? 0) > 0;
    },
    async drain() {
      if (failure === undefined) await writer.ready.catch(fail);
      if (failure !== undefined) throw failure.error;
    },
    async flush() {
      await last;
      if (failure !== undefined) throw failure.error;
    },
    async abandon() {
      abandoned = true;
      await last;
    },
  };
}
