/** Where the CLI reads its settings and writes its output. */
export interface CliIo {
  /** Standard output; the live view draws on it when it is a terminal. */
  readonly stdout: NodeJS.WriteStream;
  /** Standard error: usage errors and notices. */
  readonly stderr: NodeJS.WriteStream;
  /** The environment: `SORA_BASE_URL` and `SORA_API_KEY`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory, against which paths are shown. */
  readonly cwd: string;
}

/** The real process's streams, environment and working directory. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
