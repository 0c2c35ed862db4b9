/** Where and how to save a video. Give `dir` or `file`. */
export interface DownloadOptions {
  /**
   * The folder to save into, as `<task id>.mp4`. It is created if missing. The file is always
   * directly inside it, and two different ids never share a file, even on a case-insensitive
   * file system: an id of lower-case letters, digits, `_`, `-` and `.` (starting with a letter,
   * digit or `_`, at most 200 characters, not a Windows device name such as `con`) keeps its name;
   * any other id becomes its letters and digits, `~` and 16 hex digits of its SHA-256
   * (`a b` → `a_b~<hash>.mp4`, `CON` → `CON~<hash>.mp4`). For an exact name, give `file`.
   * @example './videos'
   */
  readonly dir?: string;
  /** The exact path to save to, instead of `dir`. */
  readonly file?: string;
  /**
   * The largest file to accept, in bytes; a larger one fails with `SORA_RESPONSE_TOO_LARGE`.
   * @default 2147483648
   */
  readonly maxBytes?: number;
  /**
   * How many times to resume with `Range` after the connection drops mid-file.
   * @default 5
   */
  readonly maxResumes?: number;
  /**
   * How long to wait for the response headers, and then between two chunks of the body, in ms.
   * @default 30000
   */
  readonly idleTimeoutMs?: number;
  /**
   * Whether the video may come from a loopback, link-local or private address (`localhost`,
   * `127.0.0.1`, `169.254.169.254`, `10.x`, `192.168.x`, `fc00::/7`...). With `false`, a
   * `video_url` or redirect to such an address fails with `SORA_ADDRESS_REFUSED`, so a hostile
   * gateway cannot make you fetch cloud metadata or an internal service. The address is checked
   * after DNS resolution, on the address connected to, at every redirect. The API's own origin
   * (`baseUrl`'s scheme, host and port) is always reached: you chose it. Allowed by default, for
   * a video store on your own network (such as MinIO on localhost); the CLI refuses by default.
   * @default true
   */
  readonly allowPrivateAddresses?: boolean | undefined;
}

/**
 * How far a download has come. One comes with the first chunk, then about every 1 % of the file
 * (at least every MiB, when the size is unknown), not with every chunk. The last one has
 * `done: true` and the exact size, once the file is in place.
 */
export interface DownloadProgress {
  /** The final path of the video. */
  readonly file: string;
  /** Bytes received so far. */
  readonly bytes: number;
  /** The size of the whole file, when the server said. */
  readonly totalBytes: number | undefined;
  /** Whether the file is complete, checked and at its final path. */
  readonly done: boolean;
}
