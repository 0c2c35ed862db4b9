import {
  concat,
  concatMap,
  defer,
  distinctUntilChanged,
  map,
  Observable,
  type OperatorFunction,
  of,
  race,
  take,
  throwError,
  timer,
} from 'rxjs';
import { platform } from '#platform';
import { type CreateVideoParams, createVideo } from '../api/create-video.js';
import { fetchVideoPage } from '../api/fetch-video-page.js';
import { fetchVideoTask, type TaskResponse, videoPath } from '../api/fetch-video-task.js';
import { downloadWithFreshUrl } from '../download/download-fresh-url.js';
import type { DownloadOptions, DownloadProgress } from '../download/download-types.js';
import { downloadOnCompletion, type VideoEvent } from '../download/download-when-completed.js';
import { SoraPollTimeoutError } from '../errors/task-errors.js';
import { pollVideoTaskWithEvents } from '../events/poll-with-events.js';
import { createTaskEventHub } from '../events/task-event-hub.js';
import { redactorOf } from '../http/redact.js';
import { redactErrors } from '../http/redact-error.js';
import { newIdempotencyKey } from '../journal/idempotency-key.js';
import { recordCreate } from '../journal/record-create.js';
import { recordDownload } from '../journal/record-download.js';
import { recordTasks } from '../journal/record-tasks.js';
import { type ResumeEvent, type ResumeOptions, resumeFromJournal } from '../journal/resume.js';
import { TaskLog } from '../journal/task-log.js';
import { ListStatusSource } from '../list/list-status-source.js';
import { isTerminal } from '../model/video-status.js';
import type { VideoTask } from '../model/video-task.js';
import { retryWithBackoff } from '../operators/retry-with-backoff.js';
import { GenerationLearner } from '../schedule/generation-learner.js';
import {
  createPollSchedule,
  isSameTaskState,
  pollVideoTask,
  resolvePollOptions,
} from '../schedule/poll-options.js';
import { type KnownTask, TaskPlanner } from '../schedule/task-planner.js';
import { assertKnownOptions } from '../util/assert-options.js';
import { closeable } from '../util/closeable.js';
import { canonicalJson, mergeOptions } from '../util/merge-options.js';
import { type WatchEvent, watchAll } from '../watch/watch-all.js';
import { HAND_WRITTEN_WATCH, type WatchParts } from '../watch/watch-parts.js';
import {
  POLL_OPTIONS,
  RETRY_OPTIONS,
  resolveClientOptions,
  type SoraClientOptions,
  type VideoStatusOptions,
} from './client-options.js';

/** What a plain `videoStatus$` knows of a task beyond its fields: nothing. */
const NOTHING_KNOWN: KnownTask = {};

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
   * @param params The prompt, model, length and size.
   * @param options Overrides of the client's `poll` options.
   */
  generate$(params: CreateVideoParams, options?: VideoStatusOptions): Observable<VideoTask>;
  /**
   * Saves a completed task's video (or a video URL) to disk, emitting progress; the last event has
   * `done: true`. It streams in constant memory to a temporary file, checks that the file is an
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
   * ## Example
   * ```ts
   * sora.download$(task, { dir: './videos' }).subscribe((p) => console.log(p.bytes, p.totalBytes));
   * ```
   * @param source A completed task, or the URL of a video.
   * @param options Where to save it: `dir` (named after the task id) or `file`.
   */
  download$(source: VideoTask | string, options: DownloadOptions): Observable<DownloadProgress>;
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

/**
 * Creates a client of a Sora-style video API. Every option is checked at once: a missing or
 * invalid one throws a `TypeError` that names it.
 *
 * ## Example
 * ```ts
 * const sora = createSoraClient({ baseUrl: 'https://gateway.example/v1', apiKey });
 * sora.videoStatus$('sora_abc123').subscribe((task) => console.log(task.status));
 * merge(...ids.map((id) => sora.videoStatus$(id))).subscribe(render);
 * ```
 */
export function createSoraClient(options: SoraClientOptions = {}): SoraClient {
  return buildSoraClient(options, HAND_WRITTEN_WATCH);
}

/**
 * {@link createSoraClient} with the parts of a watch given: the hand-written ones, or in tests
 * their twins composed from standard operators, which must behave the same.
 */
export function buildSoraClient(options: SoraClientOptions, parts: WatchParts): SoraClient {
  const {
    api,
    retry: clientRetry,
    poll: clientPoll,
    limiter,
    scheduler,
    events,
    webhookUrl,
    listPolling,
    ownTransport,
  } = resolveClientOptions(options);
  /** The client's pushed events, one subscription for all its watches; none without `events`. */
  const hub = events === undefined ? undefined : createTaskEventHub(events);

  const taskLog = options.journal === undefined ? undefined : new TaskLog(options.journal);
  /** The live shared watches, by id and options: added by a first subscriber, removed at the end. */
  const watches = new Map<string, Observable<VideoTask>>();
  const downloadVideo = platform.createDownloader({
    baseUrl: api.baseUrl,
    authorization: api.headers.authorization as string,
    retry: clientRetry,
    scheduler,
  });
  // A video URL is the server's choice, and download errors quote it: no key in them either.
  const redactDownloadErrors = redactErrors<DownloadProgress>(redactorOf(api.headers));
  const download = (source: VideoTask | string, options: DownloadOptions) =>
    downloadVideo(source, options).pipe(redactDownloadErrors);
  /** What this client learns of the gateway's generation times, shared by all its watches. */
  const environment = {
    scheduler,
    learner: new GenerationLearner(),
    // Read at each draw, not once: a test that seeds Math.random after creating the client counts.
    random: () => Math.random(),
    pushed: hub !== undefined,
  };

  const retryGet = retryWithBackoff<TaskResponse>({ ...clientRetry, scheduler });
  const getVideo$ = (id: string): Observable<VideoTask> =>
    fetchVideoTask(api, id).pipe(
      retryGet,
      map((response) => response.task),
    );

  /** The schedule and the retry operator of a watch, from the client's options and the call's. */
  const resolveWatch = (callOptions: VideoStatusOptions) => {
    const { retry: pollRetry, ...poll } = mergeOptions<VideoStatusOptions>(clientPoll, callOptions);
    return {
      schedule: createPollSchedule(resolvePollOptions(poll), environment),
      retry: retryWithBackoff<TaskResponse>({
        ...mergeOptions(clientRetry, clientPoll.retry, pollRetry),
        scheduler,
      }),
    };
  };
  /** Answers the polls of `watchAll$` from list pages where the gateway has them. */
  const listSource = new ListStatusSource(
    listPolling,
    (after, order) => fetchVideoPage(api, listPolling.pageSize, after, order),
    (id) => fetchVideoTask(api, id),
    scheduler,
  );

  // Most watches take the client's options: resolve them once, not once per task.
  const defaultWatch = resolveWatch({});

  /**
   * The shared watch of a task. `known` is what the caller knows beyond the task's fields (its
   * length, its creation): `maxWaitMs` then counts from that creation. A `listed` watch may be
   * answered from list pages.
   */
  const watchTask = (
    id: string,
    callOptions: VideoStatusOptions,
    known: KnownTask = NOTHING_KNOWN,
    listed = false,
  ): Observable<VideoTask> => {
    assertKnownOptions(callOptions, POLL_OPTIONS, 'options');
    assertKnownOptions(callOptions.retry, RETRY_OPTIONS, 'options.retry');
    videoPath(id);
    const hasOptions = Object.values(callOptions).some((value) => value !== undefined);
    const { schedule, retry } = hasOptions ? resolveWatch(callOptions) : defaultWatch;
    const optionsKey = canonicalJson({ ...callOptions, ...known });
    const key =
      optionsKey === undefined
        ? undefined
        : `${id}\u0000${listed ? 'list\u0000' : ''}${optionsKey}`;
    const watch$ = new Observable<VideoTask>((subscriber) => {
      let watch = key === undefined ? undefined : watches.get(key);
      if (watch === undefined) {
        // The request is built at each poll: between polls a watch holds no request chain.
        const fetch$ = defer(() =>
          (listed ? listSource.fetch$(id) : fetchVideoTask(api, id)).pipe(retry),
        );
        // The planner is made per poll loop: a loop that ends and starts again starts afresh.
        const poll$ = defer(() => {
          const { createdAtMs } = known;
          const { maxWaitMs } = schedule.options;
          const left =
            createdAtMs === undefined ? maxWaitMs : maxWaitMs - (scheduler.now() - createdAtMs);
          const planner = new TaskPlanner(
            schedule.planner,
            known.videoSeconds ?? schedule.options.videoSeconds,
            createdAtMs,
          );
          const deadlineMs = Math.max(1, left);
          const loop$ =
            hub === undefined
              ? pollVideoTask(id, fetch$, schedule, planner, parts.pollUntil, deadlineMs)
              : pollVideoTaskWithEvents(
                  id,
                  fetch$,
                  schedule,
                  planner,
                  parts.pollUntil,
                  deadlineMs,
                  hub.terminal$(id),
                );
          // A listed task may end on a page read for others: its planner sees that answer too.
          return listed
            ? listSource.track(id, loop$, (response) => planner.observe(response))
            : loop$;
        });
        const created = parts.shareTaskWatch(poll$, () => {
          if (key !== undefined && watches.get(key) === created) watches.delete(key);
        });
        if (key !== undefined) watches.set(key, created);
        watch = created;
      }
      return watch.subscribe(subscriber);
    });
    return taskLog === undefined ? watch$ : watch$.pipe(recordTasks(taskLog));
  };

  const videoStatus$ = (id: string, callOptions: VideoStatusOptions = {}): Observable<VideoTask> =>
    watchTask(id, callOptions);

  // With a journal, a create carries an idempotency key, recorded before the request. Without one,
  // no key: a custom header makes browsers ask the gateway's CORS rules, which may not allow it.
  const sendCreate = (params: CreateVideoParams, key: string | undefined, known = false) => {
    const post$ = createVideo(api, params, { ...clientRetry, scheduler }, key);
    return taskLog === undefined || key === undefined
      ? post$
      : recordCreate(taskLog, key, params, post$, known);
  };
  const createTask$ = (params: CreateVideoParams) =>
    sendCreate(
      webhookUrl === undefined ? params : { webhookUrl, ...params },
      taskLog === undefined ? undefined : newIdempotencyKey(),
    );
  const createVideo$ = (params: CreateVideoParams) =>
    createTask$(params).pipe(map((response) => response.task));

  const generate$ = (
    params: CreateVideoParams,
    callOptions: VideoStatusOptions = {},
  ): Observable<VideoTask> => {
    const { schedule } = resolveWatch(callOptions);
    // The length asked for tells the schedule how long the video takes at least.
    const seconds = params.seconds === undefined ? undefined : Number(params.seconds);
    return createTask$(params).pipe(
      concatMap((response) => {
        const created = response.task;
        if (isTerminal(created.status)) return of(created);
        // The create's answer is the first look at the task, and the start of `maxWaitMs`.
        // A length the user set in the options wins over the one asked for.
        const videoSeconds = schedule.options.videoSeconds ?? seconds;
        const known = { videoSeconds, createdAtMs: scheduler.now() };
        const planner = new TaskPlanner(schedule.planner, videoSeconds, known.createdAtMs);
        planner.observe(response);
        const hintMs = schedule.delayHintMs(response);
        // With events, a hint is the safety net's shortest wait, not the wait.
        const firstPollMs =
          hub === undefined
            ? (hintMs ?? planner.delayMs(created))
            : Math.max(hintMs ?? 0, planner.delayMs(created));
        // A pushed terminal event starts the watch at once: its first request ends it.
        const firstPoll$ =
          hub === undefined
            ? timer(firstPollMs, scheduler)
            : race(timer(firstPollMs, scheduler), hub.terminal$(created.id).pipe(take(1)));
        const { maxWaitMs } = schedule.options;
        const watch$ =
          firstPollMs < maxWaitMs
            ? firstPoll$.pipe(concatMap(() => watchTask(created.id, callOptions, known)))
            : timer(maxWaitMs, scheduler).pipe(
                concatMap(() =>
                  throwError(() => new SoraPollTimeoutError(created.id, maxWaitMs, created)),
                ),
              );
        return concat(of(created), watch$);
      }),
      distinctUntilChanged(isSameTaskState),
    );
  };

  // A download takes a rate token to start, as its first request may go to the API, but no request
  // slot: a long transfer must never keep polls waiting. It waits for a download place first, so
  // that the token is not spent before it can start.
  const limitedDownload$ = (source: VideoTask | string, options: DownloadOptions) =>
    limiter.downloads.limit(
      limiter.requests.limit(download(source, options), { holdsSlot: false }),
    );
  const download$ = (source: VideoTask | string, options: DownloadOptions) => {
    if (typeof source === 'string' || typeof source !== 'object' || source === null) {
      return limitedDownload$(source, options);
    }
    // With a journal, a download keeps its part file for a resume to continue, unless told not to.
    const keep = taskLog !== undefined && options?.keepPartial === undefined;
    const callOptions = keep ? { ...options, keepPartial: true } : options;
    const saved$ = downloadWithFreshUrl(
      source,
      (task) => limitedDownload$(task, callOptions),
      getVideo$,
    );
    const { hashFile } = platform;
    return taskLog === undefined || hashFile === undefined
      ? saved$
      : saved$.pipe(recordDownload(taskLog, source.id, hashFile));
  };

  const downloadWhenCompleted = (options: DownloadOptions) =>
    downloadOnCompletion((task) => download$(task, options));

  const watchAll$ = (
    ids: Iterable<string> | Observable<string>,
    watchAllOptions: WatchAllOptions = {},
  ) => {
    assertKnownOptions(watchAllOptions, [...POLL_OPTIONS, 'concurrency'], 'options');
    const { concurrency = Number.POSITIVE_INFINITY, ...options } = watchAllOptions;
    // Checked at the call, as videoStatus$ does, not at each id's first subscription.
    assertKnownOptions(options.retry, RETRY_OPTIONS, 'options.retry');
    resolveWatch(options);
    return watchAll(
      (id) => watchTask(id, options, NOTHING_KNOWN, listSource.enabled),
      ids,
      concurrency,
    );
  };

  const resume$ = (resumeOptions: ResumeOptions = {}) => {
    if (taskLog === undefined) {
      throw new TypeError('resume$ needs a `journal`: createSoraClient({ journal })');
    }
    return resumeFromJournal(
      taskLog,
      {
        watch: (id) => watchTask(id, {}, NOTHING_KNOWN, listSource.enabled),
        downloadWhenCompleted,
        recreate: (key, params) =>
          sendCreate(params, key, true).pipe(map((response) => response.task)),
      },
      resumeOptions,
    );
  };

  const methods = {
    resume$,
    watchAll$,
    getVideo$,
    videoStatus$,
    createVideo$,
    generate$,
    download$,
    downloadWhenCompleted,
  };
  const close = async () => {
    await Promise.all([ownTransport?.close?.(), downloadVideo.close?.()]);
  };
  return { baseUrl: api.baseUrl, ...closeable(methods, close) };
}
