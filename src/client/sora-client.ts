import type { Observable, OperatorFunction } from 'rxjs';
import type { CreateVideoParams } from '../api/create-params.js';
import type {
  DownloadOptions,
  DownloadProgress,
  StreamDownloadOptions,
  StreamDownloadProgress,
  VideoBytesOptions,
} from '../download/download-types.js';
import type { VideoEvent } from '../download/download-when-completed.js';
import type { ResumeEvent, ResumeOptions } from '../journal/resume.js';
import type { VideoModel } from '../model/video-model.js';
import type { VideoTask } from '../model/video-task.js';
import type { WatchEvent } from '../watch/watch-all.js';
import type { GenerateOptions, VideoStatusOptions } from './client-options.js';
import type { GeneratedVideo, GenerateVideoOptions } from './generate-video-promise.js';

/** A client of a Sora-style video API. Create one with {@link createSoraClient}. */
export interface SoraClient {
  /** The API's base URL, normalised. */
  readonly baseUrl: string;
  /**
   * One `GET /videos/{id}`: the task as it is now, decoded, with transient errors retried.
   * @param id The task id returned by the create call.
   */
  getVideo$(id: string): Observable<VideoTask>;
  /**
   * Watches a task until it is `completed` or `failed`: polls it, emits the task whenever its
   * status, progress, URL or error changes, emits the terminal task and completes.
   *
   * - A `failed` task is a value, not an error; pipe `throwIfFailed()` to make it one.
   * - Auth errors, 404 and other 4xx end the stream at once; transient errors are retried with
   *   backoff; past `maxWaitMs` it errors with `SORA_POLL_TIMEOUT`.
   * - Subscriptions to the same id with the same options share one poll loop, and a late
   *   subscriber gets the latest task at once.
   * - Unsubscribing aborts the request in flight and clears every timer.
   *
   * ## Example
   * ```ts
   * sora.videoStatus$('sora_abc123').subscribe((task) => console.log(task.status));
   * ```
   * @param id The task id returned by the create call.
   * @param options Overrides of the client's `poll` options.
   */
  videoStatus$(id: string, options?: VideoStatusOptions): Observable<VideoTask>;
  /**
   * The gateway's video models and what each accepts (durations, resolutions, aspect ratios,
   * sizes), from its models list, with transient errors retried. Only a dialect with a models list
   * has one (OpenRouter's): in the others it throws a `TypeError` at the call.
   *
   * ## Example
   * ```ts
   * const models = await firstValueFrom(sora.models$());
   * const sora2 = models.find((model) => model.id === 'openai/sora-2');
   * console.log(sora2?.durations); // [4, 8, 12]
   * ```
   */
  models$(): Observable<VideoModel[]>;
  /**
   * `POST /videos`: starts generating a video and emits the new task, normally `queued`.
   * It is retried only where the request provably never reached the server (connection refused,
   * rate limited), so a retry never creates a second job. With a `journal`, it sends a fresh
   * `Idempotency-Key`, records the params and the key (durably) before the request, and the task
   * id (durably) before it emits the task, so that `resume$` finds it after a crash.
   * @param params The prompt, model, length and size.
   */
  createVideo$(params: CreateVideoParams): Observable<VideoTask>;
  /**
   * Creates a task, then watches it: emits the new task, each change, and the terminal task.
   * Unsubscribing stops the watch; the task goes on (and is paid for) on the gateway, unless
   * `cancelOnUnsubscribe: true` cancels it there.
   *
   * ## Example
   * ```ts
   * const subscription = sora
   *   .generate$({ prompt: 'A lighthouse at dusk' }, { cancelOnUnsubscribe: true })
   *   .subscribe((task) => console.log(task.status));
   * // The user gives up: the watch stops and the task is cancelled on the gateway.
   * subscription.unsubscribe();
   * ```
   * @param params The prompt, model, length and size.
   * @param options Overrides of the client's `poll` options, and `cancelOnUnsubscribe`.
   */
  generate$(params: CreateVideoParams, options?: GenerateOptions): Observable<VideoTask>;
  /**
   * Cancels a task on the gateway, where the dialect has a cancel (`Dialect.cancelRequest`; a
   * gateway that copies OpenAI's shape may serve `POST {base}/videos/{id}/cancel`, OpenAI's own
   * API has none). Emits once, the task as the server answered it (a cancelled task reads as
   * `failed`, its `error` naming the status) or `undefined` when the answer is not a task, and
   * completes. A cancel is idempotent, so transient errors are retried; others are typed
   * (`SORA_NOT_FOUND`, `SORA_HTTP` with `status: 409` for a task past cancelling). A bad id or a
   * dialect without a cancel throws a `TypeError` at the call, before anything is sent.
   * Unsubscribing aborts the request. With a `journal`, a task it knows is recorded as cancelled.
   *
   * ## Example
   * ```ts
   * const task = await firstValueFrom(sora.cancelVideo$('video_123'));
   * console.log(task?.status, task?.error); // failed Task ended with status "cancelled"
   * ```
   * @param id The task id returned by the create call.
   */
  cancelVideo$(id: string): Observable<VideoTask | undefined>;
  /**
   * Deletes a task and its video on the gateway, where the dialect has a delete (OpenAI's
   * `DELETE {base}/videos/{id}`, for a completed or failed video). Emits once, `undefined`, and
   * completes. Transient errors are retried; a retry that finds the task gone (404) counts as
   * deleted, while a first answer of 404 is `SORA_NOT_FOUND`. A bad id or a dialect without a
   * delete throws a `TypeError` at the call. With a `journal`, a task it knows and has not saved
   * is recorded as never to be saved.
   *
   * ## Example
   * ```ts
   * await lastValueFrom(sora.deleteVideo$('video_123'));
   * ```
   * @param id The task id returned by the create call.
   */
  deleteVideo$(id: string): Observable<void>;
  /**
   * The whole job as one promise, for code that does not use RxJS: creates a task, waits for it,
   * saves the video (with `saveTo`) and resolves with the task and the file. A thin layer over
   * `generate$` and `download$`, with their retries, schedule, journal and typed errors: a failed
   * task rejects with `SoraTaskFailedError`, an `AbortSignal` cancels the request, watch or
   * download in flight.
   *
   * ## Example
   * ```ts
   * const { task, file } = await sora.generateVideo(
   *   { prompt: 'A corgi surfing at sunset', seconds: 10 },
   *   { saveTo: './videos', onTask: (task) => console.log(task.status) },
   * );
   * console.log(`${task.id} saved to ${file}`);
   * ```
   * @param params The prompt, model, length and size.
   * @param options Where to save the video, a `signal` to stop, callbacks for progress, and
   *   `poll` options.
   */
  generateVideo(params: CreateVideoParams, options?: GenerateVideoOptions): Promise<GeneratedVideo>;
  /**
   * Saves a completed task's video (or a video URL) to disk, or writes it to the stream `to`,
   * emitting progress; the last event has `done: true`. It streams in constant memory to a temporary file, checks that the file is an
   * MP4, resumes a dropped connection with `Range`, and renames the file into place only when it
   * is whole. A 403 or 410 from a task's video URL fetches the task once more for a fresh
   * `video_url` (gateways sign it anew at each GET); if that fails too, `SORA_VIDEO_EXPIRED`. With
   * a `journal`, the file, its size and SHA-256 (or the expiry) are recorded, and a download cut
   * short keeps its `<file>.part` for the next one to continue. The API key is sent
   * to `baseUrl`'s origin only, redirects included. A task without `video_url` is fetched from
   * `/videos/{id}/content`; a relative `video_url` is resolved against `baseUrl` as a browser
   * resolves a link (`/files/v.mp4` on its origin, `files/v.mp4` under its path), so it is on the
   * API's origin and gets the key. An empty `video_url`, one that does not parse, or one (or a
   * redirect) that is not http(s) fails on the stream with `SORA_INVALID_VIDEO_URL`. With
   * `allowPrivateAddresses: false`, a video on a loopback, link-local or private address (checked
   * after DNS, at every redirect; the API's own origin excepted) fails with `SORA_ADDRESS_REFUSED`.
   * At most `rateLimit.maxDownloads` downloads run at once (4 by default);
   * the others wait their turn.
   *
   * A task whose `expires_at` has passed (on the client's `scheduler`) fails at once with
   * `SORA_VIDEO_EXPIRED`, in plain words, and no request is sent; a URL string is always tried.
   *
   * With `to`, the video is written to a `WritableStream` instead, through the same checks,
   * resumes and retries (see {@link StreamDownloadOptions.to}): the stream is closed once the
   * whole file is written, and aborted on a failure, having then received a prefix of the file.
   * The journal records files only. Node only, like every download.
   *
   * ## Example
   * ```ts
   * sora.download$(task, { dir: './videos' }).subscribe((p) => console.log(p.bytes, p.totalBytes));
   *
   * // Straight into an HTTP response, with no file on disk:
   * import { Writable } from 'node:stream';
   * sora.download$(task, { to: Writable.toWeb(res) }).subscribe({ error: (e) => res.destroy(e) });
   * ```
   * @param source A completed task, or the URL of a video.
   * @param options Where to save it: `dir` (named after the task id) or `file`; or the stream `to`.
   */
  download$(
    source: VideoTask | string,
    options: StreamDownloadOptions,
  ): Observable<StreamDownloadProgress>;
  /**
   * Saves a completed task's video (or a video URL) to disk, as `dir/<task id>.mp4` or `file`,
   * emitting progress with the path; the last event has `done: true` once the file is in place.
   * Everything else is as for the stream: see the signature above.
   *
   * ## Example
   * ```ts
   * sora.download$(task, { dir: './videos' }).subscribe((p) => console.log(p.file, p.bytes));
   * ```
   * @param source A completed task, or the URL of a video.
   * @param options Where to save it: `dir` (named after the task id) or `file`.
   */
  download$(source: VideoTask | string, options: DownloadOptions): Observable<DownloadProgress>;
  /**
   * Fetches a completed task's video (or a video URL) into memory and emits it once, as one
   * `Uint8Array`, then completes: for an upload elsewhere, a hash, a test. It takes the path of
   * {@link SoraClient.download$}: the MP4 check on the first bytes (not for a `variant` image),
   * resumes with `Range` after a dropped connection, a fresh URL on a 403 or 410, the key to the
   * API's origin only, the expiry check, the client's rate limit and `maxDownloads`. A body longer
   * than `maxBytes` fails with `SORA_RESPONSE_TOO_LARGE` before it is held: set `maxBytes` to
   * what your memory allows (2 GiB by default). Nothing is written to disk or to the journal.
   * Node only, like every download.
   *
   * ## Example
   * ```ts
   * const bytes = await firstValueFrom(sora.videoBytes$(task, { maxBytes: 200 * 1024 ** 2 }));
   * const thumbnail = await firstValueFrom(sora.videoBytes$(task, { variant: 'thumbnail' }));
   * ```
   * @param source A completed task, or the URL of a video.
   * @param options As for `download$`, without `dir`, `file` and `keepPartial`.
   */
  videoBytes$(source: VideoTask | string, options?: VideoBytesOptions): Observable<Uint8Array>;
  /**
   * An operator that downloads the video as soon as the task completes:
   * `sora.videoStatus$(id).pipe(sora.downloadWhenCompleted({ dir }))` emits a `task` event for
   * each task and `download` events for the file, and completes once it is saved.
   * @param options Where to save it, as for {@link SoraClient.download$}.
   */
  downloadWhenCompleted(options: DownloadOptions): OperatorFunction<VideoTask, VideoEvent>;
  /**
   * Watches many tasks at once and merges their events: `{ id, task }` for each change and
   * `{ id, error }` when a watch ends in an error, which never ends the others. It completes when
   * every task is terminal or has errored. Pipe `summarizeWatch()` for counts by outcome.
   * With the client's `rateLimit`, thousands of tasks share one request budget.
   *
   * ## Example
   * ```ts
   * sora.watchAll$(ids, { concurrency: 500 }).subscribe(({ id, task, error }) => render(id, task, error));
   * ```
   * @param ids The task ids, as a list or as an Observable that may keep adding ids.
   * @param options `videoStatus$` options for every task, and `concurrency`: how many tasks to
   *   watch at once (the others wait their turn). Unlimited by default.
   */
  watchAll$(
    ids: Iterable<string> | Observable<string>,
    options?: WatchAllOptions,
  ): Observable<WatchEvent>;
  /**
   * Releases the client's connection pools (its own transport's and its downloads'), for servers
   * that make a client per tenant or per job. Requests in flight finish first: unsubscribe from
   * the client's streams before, or await their end. A method called afterwards throws a
   * `TypeError`. A `transport` passed in is left open: it is its owner's to close.
   *
   * ## Example
   * ```ts
   * const sora = createSoraClient({ baseUrl, apiKey: tenant.apiKey });
   * try {
   *   await lastValueFrom(sora.generate$({ prompt }));
   * } finally {
   *   await sora.close();
   * }
   * ```
   */
  close(): Promise<void>;
  /**
   * Picks up every task the client's `journal` holds that is not finished, after a crash, a deploy
   * or Ctrl-C: re-watches those not terminal, downloads those completed and not saved (continuing
   * a kept part file with `Range`), and emits their events by id, as `watchAll$` with downloads.
   * A create whose answer never reached the journal is reported as `uncertain`, never sent again
   * silently; `recreateUncertain: true` sends it again with the same idempotency key. Without a
   * `journal` it throws a `TypeError`.
   *
   * ## Example
   * ```ts
   * const sora = createSoraClient({ journal: fileJournal('./sora-tasks.jsonl') });
   * sora.resume$({ dir: './videos' }).subscribe((event) => console.log(event.type, event));
   * ```
   * @param options Where to save videos, and whether to send uncertain creates again.
   */
  resume$(options?: ResumeOptions): Observable<ResumeEvent>;
}

/** Options of `watchAll$`. */
export interface WatchAllOptions extends VideoStatusOptions {
  /**
   * How many tasks to watch at once, the others waiting for a free place: a whole number, or
   * `Infinity`.
   * @default Infinity
   */
  readonly concurrency?: number | undefined;
}
