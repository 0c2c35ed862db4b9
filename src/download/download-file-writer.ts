import type { FileHandle } from 'node:fs/promises';
import { SoraFileError } from '../errors/download-errors.js';
import type { ChunkWriter } from './download-sink.js';

/** Where and how a file's {@link ChunkWriter} writes. */
export interface DownloadFileWriterOptions {
  /** The path of the file, for the errors. */
  readonly file: string;
  /** The byte to write the first chunk at. */
  readonly start: number;
  /** How many queued bytes make {@link ChunkWriter.write} ask the caller to wait. */
  readonly highWaterMark: number;
}

/**
 * Creates a writer that writes to `handle` from byte `start` on. A disk write is a round trip
 * through the thread pool: queueing behind the one in flight, rather than awaiting each, lets the
 * network and the disk work at the same time, and batches many small chunks into one system call.
 *
 * Not `pipeline(body, fs.createWriteStream(...))`: measured side by side, that lets the body go on
 * only once its whole buffer is written, so network and disk take turns (a median of 0.875× curl
 * against 0.955× over 16 runs of 200 MB, with RSS growing 9.7 MB against 1.5 MB). It also counts
 * a write that ends after teardown nowhere, so a resume fetches up to megabytes again.
 */
export function createDownloadFileWriter(
  handle: FileHandle,
  { file, start, highWaterMark }: DownloadFileWriterOptions,
): ChunkWriter {
  let position = start;
  let queue: Buffer[] = [];
  let queuedBytes = 0;
  let pumping: Promise<void> | undefined;
  let failure: { readonly error: unknown } | undefined;
  let abandoned = false;
  let drainWaiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];

  const settleDrainWaiters = () => {
    const waiters = drainWaiters;
    drainWaiters = [];
    for (const waiter of waiters) {
      if (failure === undefined) waiter.resolve();
      else waiter.reject(failure.error);
    }
  };

  const pump = async () => {
    while (queue.length > 0 && failure === undefined && !abandoned) {
      const batch = queue;
      const length = queuedBytes;
      queue = [];
      queuedBytes = 0;
      // The queue is empty again: let the source go on while this batch is written.
      settleDrainWaiters();
      try {
        await writeAll(handle, batch, length, position);
        position += length;
      } catch (error) {
        failure = { error: new SoraFileError(file, error) };
        queue = [];
        queuedBytes = 0;
      }
    }
    pumping = undefined;
    settleDrainWaiters();
  };

  return {
    write(chunk) {
      if (failure !== undefined) return false;
      if (abandoned || chunk.length === 0) return true;
      queue.push(chunk);
      queuedBytes += chunk.length;
      pumping ??= pump();
      return queuedBytes < highWaterMark;
    },
    drain() {
      if (failure !== undefined) return Promise.reject(failure.error);
      if (queuedBytes < highWaterMark || pumping === undefined) return Promise.resolve();
      return new Promise((resolve, reject) => drainWaiters.push({ resolve, reject }));
    },
    async flush() {
      await pumping;
      if (failure !== undefined) throw failure.error;
    },
    async abandon() {
      abandoned = true;
      queue = [];
      queuedBytes = 0;
      await pumping;
    },
  };
}

/** Writes `buffers` (`length` bytes in all) at `position`, going on after a short write. */
async function writeAll(
  handle: FileHandle,
  buffers: Buffer[],
  length: number,
  position: number,
): Promise<void> {
  let rest = buffers;
  let written = 0;
  while (written < length) {
    const { bytesWritten } =
      rest.length === 1
        ? await handle.write(rest[0] as Buffer, 0, (rest[0] as Buffer).length, position + written)
        : await handle.writev(rest, position + written);
    if (bytesWritten <= 0) throw new Error(`wrote ${written} of ${length} bytes`);
    written += bytesWritten;
    if (written < length) rest = [Buffer.concat(rest).subarray(bytesWritten)];
  }
}

/** Runs a file operation, turning its failure into a `SoraFileError` for `file`. */
export async function onFile<T>(file: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new SoraFileError(file, error);
  }
}
