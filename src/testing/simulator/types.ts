/**
 * The public types of the Sora simulator: its options, metrics and handle.
 * @module
 */

import type { FaultKind, SoraSimulatorFaults } from './fault-types.js';
import type { SimulatedTask, SimulatedTaskInit, SimulatedTaskPatch } from './task-types.js';
import type { SimulatorWebhookOptions, SimulatorWebhooks } from './webhook-types.js';

/**
 * Which server the simulator imitates.
 * - `seed`: the provider's documented contract (`object: "video.generation"`, `created`,
 *   `processing`, `video_url`, `error` as a string).
 * - `openai`: OpenAI's shape (`object: "video"`, `created_at`, `in_progress`, `progress`,
 *   `error: { code, message }`, the file only at `/videos/{id}/content`).
 * - `openrouter`: OpenRouter's video API (`{ id, polling_url, status: "pending" }` answered with
 *   a 202, `in_progress`, `unsigned_urls`, `usage: { cost, is_byok }`, `error` as a string, the
 *   file at `/videos/{id}/content?index=0`, the models at `/videos/models`).
 */
export type SoraDialect = 'seed' | 'openai' | 'openrouter';

/** A source of time in milliseconds. `Date`, `performance` and a `TestScheduler` all fit. */
export interface SimulatorClock {
  /** The current time in milliseconds. Only differences between two calls matter. */
  now(): number;
}

/** Options of `startSoraSimulator`. */
export interface SoraSimulatorOptions {
  /**
   * The server to imitate. `'seed'` serves the seed API: create, get, the video. `'openai'`
   * serves what the official `openai` client calls: create from JSON or multipart (with an
   * optional `input_reference`), 4, 8 and 12 s (10, 15 and 25 too), list (`after`, `limit`,
   * `order`), delete, remix, and the `video`, `thumbnail` and `spritesheet` content variants.
   * `'openrouter'` serves what the official `@openrouter/sdk` calls: create (`model` required,
   * `duration` in whole seconds, a 202), poll, `/content?index=0` and `/videos/models`.
   * @default 'seed'
   */
  readonly dialect?: SoraDialect;
  /**
   * The bearer token every `/v1` request must carry.
   * @default a random `sim_` + 32 hex characters
   */
  readonly apiKey?: string;
  /**
   * The interface to listen on.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * The port to listen on; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /**
   * Where time comes from. `'manual'` stands still until `sim.advance(ms)`; any object with
   * `now()` works too, such as an RxJS `TestScheduler`.
   *
   * Tasks move on simulated time (`startTime` plus the clock's time since the start, times
   * `timeScale`), but the times the API reports of them (`created`, `created_at`, `completed_at`,
   * `expires_at`, a `video_url`'s `expires`) run at the clock's own pace: `startTime` plus the
   * clock's time since the start, unscaled. A simulated instant `t` is reported as
   * `startTime + (t - startTime) / timeScale`, the moment the clock reaches it. With the
   * `'system'` clock and the default `startTime` that is the wall clock, so a client that counts
   * a task's age from `created` sees the time that really passed; at `timeScale` 1 reported and
   * simulated times are the same.
   * @default 'system' (`Date.now`)
   */
  readonly clock?: 'system' | 'manual' | SimulatorClock;
  /**
   * How much faster simulated time runs than the clock: 600 turns a 5-minute job into 0.5 s.
   * Reported times and the poll hint stay on the clock's pace (see `clock` and `pollAfterMs`):
   * a video URL that lives 24 simulated hours expires 144 s after its task completed, at 600.
   * @default 1
   */
  readonly timeScale?: number;
  /**
   * The simulated time, in ms since the epoch, when the simulator starts; reported times start
   * there too.
   * @default Date.now()
   */
  readonly startTime?: number;
  /**
   * Seed of the PRNG behind ids, durations and fault draws. Read it back from `sim.seed`.
   * @default a random 32-bit integer
   */
  readonly seed?: number;
  /**
   * The wait before the next poll that task answers (`GET /videos/{id}` and the create) suggest, in simulated ms,
   * sent in every dialect as the `openai-poll-after-ms` header in clock ms:
   * `Math.round(pollAfterMs / timeScale)`. A client that follows the hint then polls a sped-up
   * simulator as often, in simulated time, as it would poll the real API. `null` sends none.
   *
   * @example
   * ```ts
   * // 30 simulated seconds at 60× faster: polls carry `openai-poll-after-ms: 500`
   * await startSoraSimulator({ timeScale: 60, pollAfterMs: 30_000 });
   * ```
   * @default 5000 in the `openai` dialect; in the `seed` and `openrouter` dialects none at
   * `timeScale` 1 (neither API sends one), else 30000 (they ask for polls every 30–60 s and
   * 10–30 s)
   */
  readonly pollAfterMs?: number | null;
  /**
   * Serve `POST /v1/videos/{id}/cancel`, a gateway's extension of OpenAI's shape (OpenAI documents
   * no cancel): a queued or in-progress task becomes `cancelled` (a failed task whose status reads
   * `cancelled`), answered as the task; a task already cancelled is answered again; a completed or
   * failed one gets a 409. Only with `dialect: 'openai'`; without it the path is a 404.
   * @default false
   */
  readonly cancel?: boolean;
  /**
   * Faults to inject from the start.
   * @default {} (none)
   */
  readonly faults?: SoraSimulatorFaults;
  /**
   * Serve an MP4 of exactly this many bytes: the fixture followed by a `free` box of padding,
   * generated in chunks. Must be the fixture's size, or at least 8 bytes more.
   * @default the fixture as it is (a few KB)
   */
  readonly videoBytes?: number;
  /**
   * Signed webhooks (Standard Webhooks) of each task's end, to `url` or a create's `webhook_url`,
   * with delivery faults on demand.
   * @default none sent
   */
  readonly webhooks?: SimulatorWebhookOptions;
}

/** Counters of what the simulator saw. Every value is read at the time of access. */
export interface SoraSimulatorMetrics {
  /** Every HTTP request received, including refused and faulted ones. */
  readonly totalRequests: number;
  /** `POST /videos` requests. */
  readonly creates: number;
  /**
   * Valid `POST /videos` requests by their `Idempotency-Key`: more than 1 means the key was sent
   * again, and answered with the task the first one made (a repeated key never makes a second
   * task; one reused with other parameters gets a 422). A fresh copy.
   */
  readonly createsByKey: Readonly<Record<string, number>>;
  /** `GET /videos/{id}` requests, by task id (unknown ids included). A fresh copy. */
  readonly pollsByTask: Readonly<Record<string, number>>;
  /** `POST /videos/{id}/cancel` requests, by task id (unknown ids included). A fresh copy. */
  readonly cancelsByTask: Readonly<Record<string, number>>;
  /** `DELETE /videos/{id}` requests, by task id (unknown ids included). A fresh copy. */
  readonly deletesByTask: Readonly<Record<string, number>>;
  /** Requests for a video file, by `/content` or `video_url`. */
  readonly downloads: number;
  /** Bytes of video written to sockets. */
  readonly bytesSent: number;
  /** Requests being handled now. */
  readonly inFlight: number;
  /** The most requests in flight at once. */
  readonly maxConcurrency: number;
  /** The most requests seen in any one-second window, on the simulator's clock. */
  readonly maxRequestsPerSecond: number;
  /** How many times each fault was injected. A fresh copy. */
  readonly faults: Readonly<Record<FaultKind, number>>;
  /** Sets every counter back to zero (requests in flight stay counted). */
  reset(): void;
}

/** A running simulator, returned by `startSoraSimulator`. */
export interface SoraSimulator {
  /** The API base URL with its version prefix, such as `http://127.0.0.1:43123/v1`. */
  readonly baseUrl: string;
  /** The server's origin, such as `http://127.0.0.1:43123`. */
  readonly origin: string;
  /** The port the server listens on. */
  readonly port: number;
  /** The bearer token `/v1` requests must carry. */
  readonly apiKey: string;
  /** The dialect served. */
  readonly dialect: SoraDialect;
  /** The PRNG seed, to replay a run. */
  readonly seed: number;
  /** Size in bytes of the MP4 every completed task serves. */
  readonly videoSize: number;
  /** What the simulator saw so far. */
  readonly metrics: SoraSimulatorMetrics;
  /** Snapshots of every task, by id, as of now. */
  readonly tasks: ReadonlyMap<string, SimulatedTask>;
  /** The faults in effect, defaults filled in. */
  readonly faults: Readonly<Required<SoraSimulatorFaults>>;
  /**
   * The simulated time, in ms since the epoch: the time tasks move on, and the one their
   * snapshots (`getTask`, `tasks`) hold. The API reports times at the clock's pace instead.
   */
  now(): number;
  /** Moves a `clock: 'manual'` simulator forward by `ms` of clock time (times `timeScale`). */
  advance(ms: number): void;
  /** A snapshot of one task as of now, or `undefined`. */
  getTask(id: string): SimulatedTask | undefined;
  /** Adds a task as if created through the API (without counting a request). */
  createTask(init?: SimulatedTaskInit): SimulatedTask;
  /** Changes a task; throws if the id is unknown. */
  setTask(id: string, patch: SimulatedTaskPatch): SimulatedTask;
  /** Merges these faults into the current ones. */
  setFaults(faults: SoraSimulatorFaults): void;
  /** Turns every fault off. */
  clearFaults(): void;
  /** The webhooks sent so far, the signing secret, and their faults. */
  readonly webhooks: SimulatorWebhooks;
  /** The URL a completed task's file is served at without auth. */
  videoUrlOf(id: string): string;
  /** Closes every socket, clears every timer and stops listening. Safe to call twice. */
  close(): Promise<void>;
}
