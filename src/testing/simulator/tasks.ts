import type { SimulationClock } from './clock.js';
import { type Random, randomHex, uniform } from './random.js';
import type {
  SimulatedStatus,
  SimulatedTask,
  SimulatedTaskError,
  SimulatedTaskInit,
  SimulatedTaskPatch,
  VideoSeconds,
} from './task-types.js';
import type { SoraDialect } from './types.js';

const MINUTE = 60_000;

/** The provider's generation time estimates, by length of video. */
const GENERATION_TIME_MS: Readonly<Record<VideoSeconds, readonly [number, number]>> = {
  10: [2 * MINUTE, 5 * MINUTE],
  15: [3 * MINUTE, 8 * MINUTE],
  25: [5 * MINUTE, 15 * MINUTE],
  // OpenAI's lengths take the row of the next longer seed length, as sora-rx's estimates do.
  4: [2 * MINUTE, 5 * MINUTE],
  8: [2 * MINUTE, 5 * MINUTE],
  12: [3 * MINUTE, 8 * MINUTE],
};

/** The prefix and hex length of a new task id, in each dialect's format. */
const ID_FORMATS: Readonly<Record<SoraDialect, readonly [string, number]>> = {
  seed: ['sora_', 12],
  openai: ['video_', 32],
  openrouter: ['job-', 24],
};

/** The error of a task told to fail without one. */
const DEFAULT_TASK_ERROR: SimulatedTaskError = {
  code: 'video_generation_failed',
  message: 'Video generation failed.',
};

/** Everything the store keeps about a task; its status is derived from the clock. */
interface TaskRecord {
  readonly id: string;
  model: string;
  prompt: string;
  seconds: VideoSeconds;
  size: string;
  readonly createdAt: number;
  readonly queuedMs: number;
  readonly processingMs: number;
  /** How far into processing a failing task fails, from 0 to 1. */
  readonly failFraction: number;
  startedAt: number;
  finishedAt: number;
  error: SimulatedTaskError | null;
  statusOverride: string | null;
  readonly remixedFromVideoId: string | null;
}

/** Whether a value is one of the accepted video lengths. */
function isVideoSeconds(value: unknown): value is VideoSeconds {
  return value === 10 || value === 15 || value === 25 || value === 4 || value === 8 || value === 12;
}

/** Turns a string error into an error object. */
function toTaskError(error: SimulatedTaskError | string): SimulatedTaskError {
  return typeof error === 'string' ? { code: DEFAULT_TASK_ERROR.code, message: error } : error;
}

/** Checks a duration given to `createTask`, naming the field. */
function checkDuration(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
    throw new TypeError(`Expected \`${name}\` to be a non-negative number, got ${String(value)}`);
  }
}

/** The tasks of one simulator and their timelines: queued → processing → completed | failed. */
export class TaskStore {
  readonly #records = new Map<string, TaskRecord>();
  readonly #clock: SimulationClock;
  readonly #random: Random;
  readonly #dialect: SoraDialect;
  readonly #ttlMs: () => number;

  /** A store whose durations and ids come from `random`, and whose videos expire after `ttlMs()`. */
  constructor(clock: SimulationClock, random: Random, dialect: SoraDialect, ttlMs: () => number) {
    this.#clock = clock;
    this.#random = random;
    this.#dialect = dialect;
    this.#ttlMs = ttlMs;
  }

  /** Adds a task; `failFraction` sets how far into processing a task with an error fails. */
  create(init: SimulatedTaskInit = {}, failFraction = 1): SimulatedTask {
    const seconds = init.seconds ?? 10;
    if (!isVideoSeconds(seconds)) {
      throw new TypeError(
        `Expected \`seconds\` to be 10, 15, 25, 4, 8 or 12, got ${String(seconds)}`,
      );
    }
    checkDuration('queuedMs', init.queuedMs);
    checkDuration('processingMs', init.processingMs);
    const id = init.id ?? this.#newId();
    if (this.#records.has(id)) throw new TypeError(`A task with id \`${id}\` already exists`);
    const [min, max] = GENERATION_TIME_MS[seconds];
    const total = uniform(this.#random, min, max);
    const drawnQueuedMs = Math.round(total * uniform(this.#random, 0.05, 0.15));
    const queuedMs = init.queuedMs ?? drawnQueuedMs;
    const processingMs = init.processingMs ?? Math.round(total) - drawnQueuedMs;
    const createdAt = this.#clock.now();
    const record: TaskRecord = {
      id,
      model: init.model ?? 'sora-2',
      prompt: init.prompt ?? 'A simulated video',
      seconds,
      size: init.size ?? '1280x720',
      createdAt,
      queuedMs,
      processingMs,
      failFraction: Math.min(Math.max(failFraction, 0), 1),
      startedAt: createdAt + queuedMs,
      finishedAt: 0,
      error: init.error == null ? null : toTaskError(init.error),
      statusOverride: init.statusOverride ?? null,
      remixedFromVideoId: init.remixedFromVideoId ?? null,
    };
    this.#scheduleFinish(record);
    this.#records.set(id, record);
    if (init.status !== undefined || init.progress !== undefined) {
      this.#place(record, init.status ?? 'processing', init.progress ?? 0);
    }
    return this.#snapshot(record);
  }

  /** A snapshot of a task as of now, or `undefined`. */
  get(id: string): SimulatedTask | undefined {
    const record = this.#records.get(id);
    return record === undefined ? undefined : this.#snapshot(record);
  }

  /** Changes a task; a new status or progress rebases its timeline on the present. */
  update(id: string, patch: SimulatedTaskPatch): SimulatedTask {
    const record = this.#records.get(id);
    if (record === undefined) throw new TypeError(`No task with id \`${id}\``);
    if (patch.model !== undefined) record.model = patch.model;
    if (patch.prompt !== undefined) record.prompt = patch.prompt;
    if (patch.size !== undefined) record.size = patch.size;
    if (patch.seconds !== undefined) record.seconds = patch.seconds;
    if (patch.statusOverride !== undefined) record.statusOverride = patch.statusOverride;
    if (patch.error !== undefined) {
      record.error = patch.error === null ? null : toTaskError(patch.error);
      this.#scheduleFinish(record);
    }
    if (patch.status !== undefined || patch.progress !== undefined) {
      this.#place(record, patch.status ?? 'processing', patch.progress ?? 0);
    }
    return this.#snapshot(record);
  }

  /** The ids of every task, the oldest first. */
  ids(): string[] {
    return [...this.#records.keys()];
  }

  /** Removes a task; returns whether it was there. */
  delete(id: string): boolean {
    return this.#records.delete(id);
  }

  /** Snapshots of every task as of now. */
  all(): ReadonlyMap<string, SimulatedTask> {
    const now = this.#clock.now();
    return new Map([...this.#records].map(([id, record]) => [id, this.#snapshot(record, now)]));
  }

  #newId(): string {
    const [prefix, length] = ID_FORMATS[this.#dialect];
    let id: string;
    do id = prefix + randomHex(this.#random, length);
    while (this.#records.has(id));
    return id;
  }

  #scheduleFinish(record: TaskRecord): void {
    const share = record.error === null ? 1 : record.failFraction;
    record.finishedAt = record.startedAt + Math.round(record.processingMs * share);
  }

  /** Rebases the timeline so that the task is in `status` (at `progress` percent) now. */
  #place(record: TaskRecord, status: SimulatedStatus, progress: number): void {
    if (!Number.isFinite(progress) || progress < 0 || progress > 100) {
      throw new TypeError(`Expected \`progress\` to be between 0 and 100, got ${String(progress)}`);
    }
    const now = this.#clock.now();
    switch (status) {
      case 'queued':
        record.startedAt = now + Math.max(record.queuedMs, 1);
        this.#scheduleFinish(record);
        return;
      case 'processing':
        record.startedAt = now - Math.round((record.processingMs * progress) / 100);
        this.#scheduleFinish(record);
        record.finishedAt = Math.max(record.finishedAt, now + 1);
        return;
      case 'completed':
      case 'failed':
        record.error = status === 'completed' ? null : (record.error ?? DEFAULT_TASK_ERROR);
        record.startedAt = Math.min(record.startedAt, now);
        record.finishedAt = now;
        return;
      default:
        throw new TypeError(
          `Expected \`status\` to be queued, processing, completed or failed, got ${String(status)}`,
        );
    }
  }

  #snapshot(record: TaskRecord, now = this.#clock.now()): SimulatedTask {
    const status: SimulatedStatus =
      now < record.startedAt
        ? 'queued'
        : now < record.finishedAt
          ? 'processing'
          : record.error === null
            ? 'completed'
            : 'failed';
    const done = Math.min(now, record.finishedAt) - record.startedAt;
    const progress =
      status === 'completed'
        ? 100
        : status === 'queued' || record.processingMs === 0
          ? 0
          : Math.min(Math.max(Math.floor((done / record.processingMs) * 100), 0), 99);
    return {
      id: record.id,
      model: record.model,
      prompt: record.prompt,
      seconds: record.seconds,
      size: record.size,
      status,
      statusOverride: record.statusOverride,
      progress,
      createdAt: record.createdAt,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      error: record.error,
      expiresAt: status === 'completed' ? record.finishedAt + this.#ttlMs() : null,
      remixedFromVideoId: record.remixedFromVideoId,
    };
  }
}
