import type { Observable, SchedulerLike } from 'rxjs';
import type { Dialect, DialectName } from '../dialects/dialect.js';
import type { HttpTransport } from '../http/http-transport.js';
import type { Journal } from '../journal/journal.js';
import type { ListPollingMode, ListPollingOptions } from '../list/list-polling-options.js';
import type { StatusAliases } from '../model/status-aliases.js';
import type { VideoTaskEvent } from '../model/video-task-event.js';
import type { RateLimiterOptions } from '../operators/rate-limiter.js';
import type { RetryWithBackoffOptions } from '../operators/retry-with-backoff.js';
import type { PollOptions } from '../schedule/poll-options.js';

/** Options of `videoStatus$`: the cadence, time limit and retries of watching one task. */
export interface VideoStatusOptions extends PollOptions {
  /** How failed polls are retried. Merged over the client's `retry` option. */
  readonly retry?: RetryWithBackoffOptions | undefined;
}

/** Options of `generate$`: those of `videoStatus$`, and what to do when its subscriber leaves. */
export interface GenerateOptions extends VideoStatusOptions {
  /**
   * Whether to cancel the task on the gateway when the subscriber unsubscribes before it is
   * `completed` or `failed`, so that a user who gives up stops paying. The cancel is sent once, in
   * the background, where the dialect says (`Dialect.cancelRequest`); a dialect without one throws
   * a `TypeError` at the call. Nothing is sent after a terminal task, nor when the stream ended
   * with an error. Unsubscribing while the create is in flight lets the create go on, and sends
   * the cancel once it answers: aborting it could leave a paid task nobody knows of. The create's
   * answer and the cancel get twice the client's `requestTimeoutMs` in all, then are given up;
   * a failure goes to `onCancelError`. With a `journal`, the task is recorded as cancelled (a
   * `failed` task), so that `resume$` leaves it alone.
   * @default false
   * @example
   * ```ts
   * const subscription = sora.generate$({ prompt }, { cancelOnUnsubscribe: true }).subscribe(render);
   * cancelButton.onclick = () => subscription.unsubscribe(); // POST {base}/videos/{id}/cancel
   * ```
   */
  readonly cancelOnUnsubscribe?: boolean | undefined;
  /**
   * Hears why a cancel sent on unsubscribing failed (a 409 for a task already generating, a
   * network error, the time limit), with the task id if the create answered. It must not throw.
   * @default a one-line `console.warn`
   */
  readonly onCancelError?: ((error: unknown, id: string | undefined) => void) | undefined;
}

/** Options of {@link createSoraClient}. */
export interface SoraClientOptions {
  /**
   * The API's base URL, with its version prefix, as in the OpenAI SDK.
   * In Node it defaults to the `SORA_BASE_URL` environment variable.
   * @example 'https://api.example.com/v1'
   */
  readonly baseUrl?: string;
  /**
   * The API key, sent as `Authorization: Bearer <apiKey>` to `baseUrl`'s origin and nowhere else.
   * It never appears in errors. In Node it defaults to the `SORA_API_KEY` environment variable.
   */
  readonly apiKey?: string;
  /**
   * The gateway's dialect: where a create goes and what its body says. `'openai'` sends
   * `POST {base}/videos` with `seconds` (OpenAI's shape, and sora-rx's from the start);
   * `'openrouter'` sends `duration`, `callback_url` and a default model of `openai/sora-2`;
   * `'seed'` sends `POST {base}/sora/videos`. Only `'openai'` has a delete (`DELETE {base}/videos/{id}`),
   * and none a cancel. A `Dialect` of your own describes another gateway.
   * Reading tasks works the same in every dialect. See docs/gateways.md.
   * @default 'openrouter' for a base URL on openrouter.ai, else 'openai'
   */
  readonly dialect?: DialectName | Dialect | undefined;
  /**
   * Sends the HTTP requests.
   * @default undiciTransport() in Node, fetchTransport() elsewhere
   */
  readonly transport?: HttpTransport;
  /**
   * The time limit of one HTTP request, from sending it to reading its whole body, in milliseconds:
   * from 1 to 2³¹−1 (the longest a timer holds).
   * @default 60000
   */
  readonly requestTimeoutMs?: number;
  /**
   * The most bytes of a JSON response body to read; a larger body fails with `SORA_RESPONSE_TOO_LARGE`.
   * @default 1048576
   */
  readonly maxResponseBytes?: number;
  /** Default options of `videoStatus$`; each call may override them. */
  readonly poll?: VideoStatusOptions;
  /** Default retry options of every request; each call may override them. */
  readonly retry?: RetryWithBackoffOptions;
  /**
   * Extra status names a gateway sends, and the status each means. They extend
   * {@link DEFAULT_STATUS_ALIASES}, which already maps `in_progress`, `running`, `pending`,
   * `succeeded`, `expired`, `cancelled` and more.
   * @example { generating: 'processing', done: 'completed' }
   */
  readonly statusAliases?: StatusAliases;
  /**
   * One budget for every request of the client (polls, creates and the start of each download),
   * however many tasks it watches, and one of its own for the downloads running at once. Every
   * field left out or `undefined` takes its default; without the option, requests are not limited
   * but by the pause below, and downloads by `maxDownloads` alone.
   *
   * - A 429 to any API request (a download's excepted) pauses every request of the client, with or
   *   without this option, for the server's `Retry-After` clamped to `retry.maxRetryAfterMs` (1 s
   *   when it says nothing or asks for less); then it resumes without a burst, at half its rate, climbing back by a
   *   tenth of it per second. Without `requestsPerSecond`, every request that waited out the pause
   *   goes out at once (up to `maxInFlight`): fine for tens of tasks; for thousands, set a rate.
   * - A request unsubscribed while it waits for its turn is never sent.
   * - The server never sees more than `requestsPerSecond + burst` requests in any span of one
   *   second, pauses included: a request counts from its hand-off to the transport until a second
   *   after its answer, so no wait for a connection or on the network can bunch requests up.
   * - A download takes a rate token as it starts (its first request may go to the API) but no
   *   `maxInFlight` slot, so long transfers never keep polls waiting; `maxDownloads` bounds them.
   * @example { requestsPerSecond: 5, burst: 10, maxInFlight: 16, maxDownloads: 4 }
   */
  readonly rateLimit?:
    | (Omit<RateLimiterOptions, 'scheduler'> & {
        /**
         * How many downloads may run at once, the others waiting for their turn: a whole number, or
         * `Infinity`. A few downloads already fill a link, and more only slow each other down: files
         * finish later (their signed URLs may expire meanwhile), and each one holds a file and about
         * 2 MiB of buffers. Apart from `maxInFlight`: downloads hold none of its slots.
         * @default 4
         */
        readonly maxDownloads?: number | undefined;
      })
    | undefined;
  /**
   * The scheduler of every wait: polls, retries, time limits, the rate limit. Pass a
   * `TestScheduler` or `VirtualTimeScheduler` to test code that uses the client in virtual time,
   * without patching globals (with a stub transport: real sockets keep real time).
   * @default asyncScheduler
   */
  readonly scheduler?: SchedulerLike;
  /**
   * Pushed events of tasks, `{ id, status }`: a webhook receiver's `events$` (`sora-rx/webhooks`),
   * a pub/sub channel shared by a fleet, a test subject. With them, `videoStatus$` and `generate$`
   * end on whichever comes first, a terminal event (then one request for the whole task and its
   * `video_url`) or a poll, and the polls become a slow safety net (`safetyIntervalMs`, 5 minutes
   * by default) that catches a lost event. An `intervalMs` you set is kept as it is. Subscribed
   * once while any task is watched; its error ends the watches with that error.
   * @default none: watches poll on the schedule of `poll`
   * @example { events: receiver.events$ }
   */
  readonly events?: Observable<VideoTaskEvent> | undefined;
  /**
   * The URL the gateway should send the task's webhooks to, sent as `webhook_url` in the body of
   * every create (`createVideo$`, `generate$`) unless the call's `webhookUrl` says otherwise. Only
   * for gateways that take one: others may refuse the field.
   * @default none sent
   * @example 'https://app.example/webhooks/sora'
   */
  readonly webhookUrl?: string | undefined;
  /**
   * Whether `watchAll$` reads many tasks from list pages (`GET /videos?after=&limit=`, as OpenAI
   * serves it) rather than one `GET /videos/{id}` per task and poll. Each task's schedule still
   * decides when it needs a look; one page serves every task due at that moment, and a task the
   * pages do not show, or a page that fails, falls back to the task's own GET. `'auto'` finds out
   * once whether the gateway lists videos: one request, never repeated on a gateway that does not.
   * `false` turns it off. See {@link ListPollingOptions} for the finer settings.
   * @default 'auto'
   */
  readonly listPolling?: ListPollingMode | ListPollingOptions | undefined;
  /**
   * Where to record every task the client creates, watches and saves, so that `resume$` can pick
   * them up after a crash: `fileJournal(path)` from `sora-rx/node`, `memoryJournal()`, or a store
   * of your own. With it, a create is written before its request and its task id before it is
   * emitted, and downloads keep their part file to continue it. Close the journal when done.
   *
   * The client reads the journal when it is made: the default schedule starts from the
   * completion times of the tasks created there, by model and length.
   * @default undefined (no journal)
   * @example fileJournal('./sora-tasks.jsonl')
   */
  readonly journal?: Journal | undefined;
}
