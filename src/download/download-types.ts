import type { RetryWithBackoffOptions } from '../operators/retry-with-backoff.js';
import type { VideoVariant } from './content-asset.js';

/**
 * Where and how to save a video. Give `dir` or `file`; to write it to a stream instead, see
 * {@link StreamDownloadOptions}, and into memory, `videoBytes$`.
 */
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
   * How many times to resume with `Range` after the connection drops mid-file. A resume sends
   * `If-Range` with the first answer's strong `ETag` (else its `Last-Modified`), and keeps the
   * bytes received only if the answer is a 206 from exactly that byte, of the same size and
   * version; a 200 or any other 206 starts the file again from its first byte, and counts as a
   * resume too. A body that ends without the host having declared its size (a close-delimited
   * connection) is whole only if the MP4's top-level boxes add up to its length; one that ends
   * inside a box is resumed the same way, and past the last resume fails with
   * `SORA_VIDEO_MISMATCH`, never saved.
   * @default 5
   */
  readonly maxResumes?: number;
  /**
   * How long to wait for the response headers, and then between two chunks of the body, in ms;
   * past it the connection counts as dropped, and is resumed. A host that sends a byte now and
   * then never trips it: `timeoutMs` bounds the whole download.
   * @default 30000
   */
  readonly idleTimeoutMs?: number;
  /**
   * The time limit of the whole download, in ms, from subscribing to the file in place: every
   * request, resume and retry wait included. Past it the download fails with
   * `SORA_REQUEST_TIMEOUT`, its request aborted and its temporary file removed. At most
   * 2147483647 (about 24.8 days), or `Infinity` for none.
   *
   * An hour by default, as a limit for every file must let the largest finish on a slow link: a
   * 200 MB video takes about 27 minutes at 1 Mbit/s. A dead connection is caught far sooner by
   * `idleTimeoutMs`; this catches the host that stays alive but useless, trickling a byte at a
   * time while the download holds one of the client's `maxDownloads` places. Knowing your files
   * and your link, set it tighter.
   * @default 3600000
   */
  readonly timeoutMs?: number;
  /**
   * How requests of the download that fail before any byte of the file arrives are retried: a
   * 5xx, a 429 (after its `Retry-After`, clamped to `maxRetryAfterMs`; one under `baseDelayMs`
   * gets the backoff), a refused or reset
   * connection; `maxRetries` counts failures in a row, and starts again once bytes arrive. Bytes
   * already saved are resumed with `Range`. An expired URL (403, 410) is never retried. Merged
   * over the client's `retry` option; the client's `scheduler` runs the waits.
   * @example { maxRetries: 3, baseDelayMs: 500 }
   */
  readonly retry?: Omit<RetryWithBackoffOptions, 'scheduler'> | undefined;
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
  /**
   * Whether a download that fails keeps what it received in `<file>.part`, and whether a download
   * finds such a part (or one a crash left) and continues it with `Range` (from its first byte
   * again if the host answers with the whole file). Unsubscribing still removes it: that is a
   * choice, not an accident. Without it, the part file has a random name and is removed on any
   * failure. On by default for a client with a `journal`, so that `resume$` continues the
   * downloads a crash or a lost connection cut short. A part found there must be a regular file
   * of this user: a symlink, a folder or another user's file fails with `SORA_FILE` naming it, and
   * is left as it is.
   * @default false (true with a journal)
   */
  readonly keepPartial?: boolean | undefined;
  /**
   * Which file of the task to fetch, on gateways whose content endpoint offers more than the
   * video (OpenAI-shaped ones): `'thumbnail'` (an image, WebP on OpenAI) or `'spritesheet'` (a
   * JPEG of frames). It is sent as `GET {baseUrl}/videos/{id}/content?variant=…` with the key,
   * even for a task that has a `video_url` (that URL is the video only); an image is saved as it
   * comes, without the MP4 check. With `dir`, it is saved as `<task id>.thumbnail.webp` or
   * `<task id>.spritesheet.jpg` whatever the image's format, so that it never replaces the video.
   * `'video'` is the video, and is sent as `?variant=video` when the content endpoint is asked;
   * unset, the request has no `variant` at all.
   * @default undefined
   * @example 'thumbnail'
   */
  readonly variant?: VideoVariant | undefined;
  /**
   * Which output of the task to fetch, from 0, on gateways whose tasks have several (OpenRouter's
   * `unsigned_urls[N]`): sent as `GET {baseUrl}/videos/{id}/content?index=N` with the key, even for
   * a task that has a `video_url`. With `dir`, it is saved as `<task id>~index-N.mp4`. Unset, the
   * request has no `index` at all.
   * @default undefined
   * @example 1
   */
  readonly index?: number | undefined;
}

/**
 * How far a download to a stream has come. One comes with the first chunk, then about every 1 % of
 * the file (at least every MiB, when the size is unknown), not with every chunk. The last one has
 * `done: true` and the exact size, once the whole file is written.
 */
export interface StreamDownloadProgress {
  /**
   * Bytes of the file received so far. It falls back to 0 when the host answers a resume with
   * another version of the file, which is then fetched again from its first byte (a file on
   * disk only: a stream fails instead, see {@link StreamDownloadOptions.to}).
   */
  readonly bytes: number;
  /** The size of the whole file, when the server said. */
  readonly totalBytes: number | undefined;
  /** Whether the file is complete, checked and at its final place. */
  readonly done: boolean;
}

/**
 * How far a download to disk has come, as {@link StreamDownloadProgress}, with the path of the
 * file.
 */
export interface DownloadProgress extends StreamDownloadProgress {
  /** The final path of the video. */
  readonly file: string;
}

/**
 * Where and how to write a video to a stream: as {@link DownloadOptions}, with `to` in place of
 * `dir` and `file` (and no `keepPartial`: a stream keeps what it was given).
 */
export interface StreamDownloadOptions
  extends Omit<DownloadOptions, 'dir' | 'file' | 'keepPartial'> {
  /**
   * The stream to write the video to, chunk by chunk as it arrives, waiting while the stream is
   * behind (its backpressure). The download takes the stream's writer for its whole length,
   * closes the stream once the whole file is written and checked, and aborts it with the error on
   * a failure or on unsubscribing.
   *
   * A failure can come after part of the file was written (a `maxBytes` exceeded, a host that
   * drops the connection more than `maxResumes` times, a body longer than it declared): the error
   * is on the Observable, and the stream has received a prefix of the file, which it should
   * discard. A dropped connection is resumed with `Range`, and only bytes not yet written are
   * written; a host that answers a resume with the whole file, or with another version of it,
   * fails the download with `SORA_VIDEO_MISMATCH`, as the bytes written cannot be taken back.
   *
   * A Node stream (an HTTP response, a file stream) becomes one with `Writable.toWeb(stream)`
   * from `node:stream`.
   * @example Writable.toWeb(response)
   */
  readonly to: WritableStream<Uint8Array>;
}

/**
 * How to fetch a video into memory with `videoBytes$`: as {@link DownloadOptions}, without `dir`,
 * `file` and `keepPartial`. `maxBytes` bounds the memory it takes.
 */
export type VideoBytesOptions = Omit<DownloadOptions, 'dir' | 'file' | 'keepPartial'>;
