/** A stream the CLI writes to; a terminal also says its width. */
export interface OutputStream {
  write(text: string): unknown;
  /** Whether the stream is a terminal. */
  readonly isTTY?: boolean | undefined;
  /** The terminal's width in columns. */
  readonly columns?: number | undefined;
  /** The terminal's height in rows. */
  readonly rows?: number | undefined;
}

/** Where the CLI reads its settings and writes its output. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
