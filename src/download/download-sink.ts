/**
 * Writes a body's chunks in order while more of it arrives, and tells the caller when to wait.
 */
export interface ChunkWriter {
  /**
   * Queues `chunk` after the chunks before it. Returns `false` once enough bytes wait, or after a
   * write failed: the caller should then wait for {@link ChunkWriter.drain}.
   */
  write(chunk: Buffer): boolean;
  /** Resolves once the writer can take more; rejects with the typed error of a failed write. */
  drain(): Promise<void>;
  /** Resolves once every queued chunk is written; rejects with the typed error of a failed write. */
  flush(): Promise<void>;
  /** Drops the chunks still waiting and resolves, never rejecting, once no write is in flight. */
  abandon(): Promise<void>;
}

/**
 * Where the bytes of one download go: a file, a stream or a buffer. The downloader
 * (`receiveVideoFile`) asks it for a writer at each request, from the byte it resumes at, and tells
 * it when the file has to start again from its first byte.
 */
export interface DownloadSink {
  /** How many bytes it holds from an earlier download, to continue with `Range`: 0 but for a kept part file. */
  readonly kept: number;
  /**
   * The `length` bytes it holds from `position` on (fewer if it holds fewer), to check that kept
   * bytes start like an MP4 and to read the headers of their boxes.
   */
  read(position: number, length: number): Promise<Buffer>;
  /**
   * A writer of the bytes from `start` on, where `start` is the number of bytes the sink holds.
   * @param totalBytes The size of the whole file, when its host declared it.
   */
  writer(start: number, totalBytes: number | undefined): ChunkWriter;
  /**
   * Drops every byte it holds, for the file to be fetched again from its first byte. Resolves with
   * `false` when it cannot: bytes handed to a stream cannot be taken back.
   */
  restart(): Promise<boolean>;
  /** The whole file has arrived, `bytes` long: drops whatever an earlier attempt left past it. */
  end(bytes: number): Promise<void>;
}
