import type { ChunkWriter, DownloadSink } from './download-sink.js';
import type { DownloadTarget } from './transfer-video.js';

/**
 * A download into memory: the whole file as one `Uint8Array`, emitted once, with no progress
 * before it. Its size is bounded by the download's `maxBytes`, which fails the download before a
 * larger body is held; a host that declares the size gets a buffer of exactly that size at once.
 */
export function bufferTarget(maxBytes: number): DownloadTarget<Uint8Array> {
  let data = new Uint8Array(0);
  let length = 0;
  const reserve = (size: number) => {
    if (size <= data.length) return;
    // The download fails before a body passes `maxBytes`: growing never goes past it.
    const grown = new Uint8Array(Math.min(maxBytes, Math.max(size, data.length * 2, 64 * 1024)));
    grown.set(data.subarray(0, length));
    data = grown;
  };
  const writer: ChunkWriter = {
    write(chunk) {
      reserve(length + chunk.length);
      data.set(chunk, length);
      length += chunk.length;
      return true;
    },
    drain: async () => {},
    flush: async () => {},
    abandon: async () => {},
  };
  const sink: DownloadSink = {
    kept: 0,
    read: async () => Buffer.alloc(0),
    writer: (start, totalBytes) => {
      length = start;
      if (totalBytes !== undefined) reserve(totalBytes);
      return writer;
    },
    restart: async () => {
      length = 0;
      return true;
    },
    end: async (bytes) => {
      length = bytes;
    },
  };
  return {
    open: async () => sink,
    progress: () => undefined,
    release: async () => {},
    // No copy when the size was declared; else one, so that the spare capacity is let go.
    complete: async () => (data.length === length ? data : data.slice(0, length)),
    discard: () => {
      data = new Uint8Array(0);
    },
  };
}
