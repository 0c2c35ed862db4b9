/**
 * The types of the faults the simulator injects on demand.
 * @module
 */

import type { SimulatedTaskError } from './task-types.js';

/** The rate limit fault: answer 429 above a number of `/v1` requests per second. */
export interface RateLimitFault {
  /**
   * How many `/v1` requests a sliding window of one second (on the simulator's clock, before
   * `timeScale`) accepts. Refused requests do not count.
   */
  readonly maxRequestsPerSecond: number;
  /**
   * Form of the `Retry-After` header.
   * @default 'seconds'
   */
  readonly retryAfter?: 'seconds' | 'http-date';
  /**
   * A fixed `Retry-After` in seconds, for example three days to test clamping.
   * @default the time until the window frees a slot, rounded up, at least 1
   */
  readonly retryAfterSeconds?: number;
  /**
   * Also send `retry-after-ms`, as OpenAI does.
   * @default false
   */
  readonly retryAfterMs?: boolean;
}

/**
 * Faults the simulator injects. Every share is a probability from 0 (never, the default) to 1
 * (always), drawn from the seeded PRNG. Change them at run time with `sim.setFaults`.
 */
export interface SoraSimulatorFaults {
  /**
   * Answer 429 with `Retry-After` above a request rate. `null` turns it off.
   * @default null
   */
  readonly rateLimit?: RateLimitFault | null;
  /**
   * Share of requests answered with a 5xx status.
   * @default 0
   */
  readonly serverErrorRate?: number;
  /**
   * The 5xx statuses to pick from, uniformly.
   * @default [500, 502, 503]
   */
  readonly serverErrorStatuses?: readonly number[];
  /**
   * Body of 5xx answers: an OpenAI-style JSON error, or an HTML page like a proxy's.
   * @default 'json'
   */
  readonly serverErrorBody?: 'json' | 'html';
  /**
   * Share of requests whose connection is destroyed without an answer.
   * @default 0
   */
  readonly dropRate?: number;
  /**
   * Share of requests answered only after `slowDelayMs` of real (wall-clock) time.
   * @default 0
   */
  readonly slowRate?: number;
  /**
   * The delay of slow answers, in real milliseconds. Cancelled by `close()`.
   * @default 1000
   */
  readonly slowDelayMs?: number;
  /**
   * Share of task answers (create and get) whose JSON body is cut short, with status 200.
   * @default 0
   */
  readonly malformedJsonRate?: number;
  /**
   * Share of task answers (create and get) that are an HTML page with status 200.
   * @default 0
   */
  readonly htmlBodyRate?: number;
  /**
   * Share of `GET /videos/{id}` answers that show `unknownStatus` instead of the real status.
   * @default 0
   */
  readonly unknownStatusRate?: number;
  /**
   * The status shown by `unknownStatusRate`.
   * @default 'mystery'
   */
  readonly unknownStatus?: string;
  /**
   * How long, in simulated milliseconds after completion, a video stays downloadable. After it
   * the `video_url` answers 403 and `/content` answers 404.
   * @default 86_400_000 (24 h)
   */
  readonly videoUrlTtlMs?: number;
  /**
   * Share of created tasks that fail partway through processing.
   * @default 0
   */
  readonly failRate?: number;
  /**
   * The error of tasks failed by `failRate`.
   * @default { code: 'moderation_blocked', message: 'Your request was blocked by our moderation system.' }
   */
  readonly failError?: SimulatedTaskError;
  /**
   * Cut the first download of each task that reaches this byte offset: the bytes before it are
   * sent, then the connection is destroyed. Later downloads of the task (a `Range` resume) succeed.
   * Setting it again re-arms every task. `null` turns it off.
   * @default null
   */
  readonly dropDownloadAtByte?: number | null;
  /**
   * Share of downloads cut halfway through the bytes they were to send.
   * @default 0
   */
  readonly dropDownloadRate?: number;
}

/** Every fault the simulator counts in `metrics.faults`. */
export type FaultKind =
  | 'rateLimited'
  | 'serverError'
  | 'dropped'
  | 'slow'
  | 'malformedJson'
  | 'htmlBody'
  | 'unknownStatus'
  | 'expiredUrl'
  | 'failedTask'
  | 'downloadDropped';
