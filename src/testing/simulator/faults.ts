import type { RateLimitFault, SoraSimulatorFaults } from './fault-types.js';
import { chance, pick, type Random } from './random.js';
import { SlidingWindow } from './sliding-window.js';

/** The faults in effect, every field filled in. */
export type ResolvedFaults = Readonly<Required<SoraSimulatorFaults>>;

/** No fault at all: the state of a fresh simulator. */
const NO_FAULTS: ResolvedFaults = {
  rateLimit: null,
  serverErrorRate: 0,
  serverErrorStatuses: [500, 502, 503],
  serverErrorBody: 'json',
  dropRate: 0,
  slowRate: 0,
  slowDelayMs: 1000,
  malformedJsonRate: 0,
  htmlBodyRate: 0,
  unknownStatusRate: 0,
  unknownStatus: 'mystery',
  videoUrlTtlMs: 86_400_000,
  failRate: 0,
  failError: {
    code: 'moderation_blocked',
    message: 'Your request was blocked by our moderation system.',
  },
  dropDownloadAtByte: null,
  dropDownloadRate: 0,
};

const SHARES = [
  'serverErrorRate',
  'dropRate',
  'slowRate',
  'malformedJsonRate',
  'htmlBodyRate',
  'unknownStatusRate',
  'failRate',
  'dropDownloadRate',
] as const;

/** Throws a TypeError naming the option unless `ok`. */
function expect(ok: boolean, name: string, wanted: string, value: unknown): void {
  if (!ok) {
    const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
    throw new TypeError(`Expected \`faults.${name}\` to be ${wanted}, got ${shown}`);
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function checkRateLimit(rateLimit: RateLimitFault | null | undefined): void {
  if (rateLimit == null) return;
  const { maxRequestsPerSecond, retryAfter, retryAfterSeconds } = rateLimit;
  expect(
    Number.isInteger(maxRequestsPerSecond) && maxRequestsPerSecond >= 0,
    'rateLimit.maxRequestsPerSecond',
    'a non-negative integer',
    maxRequestsPerSecond,
  );
  expect(
    retryAfter === undefined || retryAfter === 'seconds' || retryAfter === 'http-date',
    'rateLimit.retryAfter',
    "'seconds' or 'http-date'",
    retryAfter,
  );
  expect(
    retryAfterSeconds === undefined || isCount(retryAfterSeconds),
    'rateLimit.retryAfterSeconds',
    'a non-negative number',
    retryAfterSeconds,
  );
}

/** Merges `patch` into `current`, checking every field given, with messages naming it. */
function mergeFaults(current: ResolvedFaults, patch: SoraSimulatorFaults): ResolvedFaults {
  for (const name of SHARES) {
    const value = patch[name];
    expect(value === undefined || (isCount(value) && value <= 1), name, 'between 0 and 1', value);
  }
  checkRateLimit(patch.rateLimit);
  const { serverErrorStatuses, serverErrorBody, slowDelayMs, videoUrlTtlMs } = patch;
  expect(
    serverErrorStatuses === undefined ||
      (serverErrorStatuses.length > 0 &&
        serverErrorStatuses.every((s) => Number.isInteger(s) && s >= 500 && s <= 599)),
    'serverErrorStatuses',
    'a non-empty list of 5xx statuses',
    serverErrorStatuses,
  );
  expect(
    serverErrorBody === undefined || serverErrorBody === 'json' || serverErrorBody === 'html',
    'serverErrorBody',
    "'json' or 'html'",
    serverErrorBody,
  );
  expect(
    slowDelayMs === undefined || isCount(slowDelayMs),
    'slowDelayMs',
    'a non-negative number',
    slowDelayMs,
  );
  expect(
    videoUrlTtlMs === undefined || isCount(videoUrlTtlMs),
    'videoUrlTtlMs',
    'a non-negative number',
    videoUrlTtlMs,
  );
  expect(
    patch.dropDownloadAtByte == null || isCount(patch.dropDownloadAtByte),
    'dropDownloadAtByte',
    'a non-negative number or null',
    patch.dropDownloadAtByte,
  );
  expect(
    patch.unknownStatus === undefined || typeof patch.unknownStatus === 'string',
    'unknownStatus',
    'a string',
    patch.unknownStatus,
  );
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return { ...current, ...defined };
}

/** The fault decisions of one simulator: share draws from a seeded PRNG and the rate limiter. */
export class FaultInjector {
  #faults: ResolvedFaults = NO_FAULTS;
  readonly #random: Random;
  /** Clock times of the requests the rate limiter accepted in the last second, oldest first. */
  readonly #accepted = new SlidingWindow();
  /** Tasks whose download was already cut at `dropDownloadAtByte`. */
  readonly #droppedTasks = new Set<string>();

  /** An injector drawing from `random`, starting with `faults`. */
  constructor(random: Random, faults: SoraSimulatorFaults = {}) {
    this.#random = random;
    this.set(faults);
  }

  /** The faults in effect. */
  get current(): ResolvedFaults {
    return this.#faults;
  }

  /** Merges faults in; a new rate limit starts a fresh window, a new drop offset re-arms tasks. */
  set(patch: SoraSimulatorFaults): void {
    this.#faults = mergeFaults(this.#faults, patch);
    if (patch.rateLimit !== undefined) this.#accepted.clear();
    if (patch.dropDownloadAtByte !== undefined) this.#droppedTasks.clear();
  }

  /** Turns every fault off. */
  clear(): void {
    this.#faults = NO_FAULTS;
    this.#accepted.clear();
    this.#droppedTasks.clear();
  }

  /** Draws whether an event of the given share happens. */
  roll(share: number): boolean {
    return chance(this.#random, share);
  }

  /** A number in [0, 1) from the fault stream. */
  draw(): number {
    return this.#random();
  }

  /** A 5xx status to answer with. */
  serverErrorStatus(): number {
    return pick(this.#random, this.#faults.serverErrorStatuses, 500);
  }

  /**
   * Counts a request against the rate limit at clock time `now`. Returns `null` when accepted,
   * or the milliseconds until a slot frees up when refused.
   */
  admit(now: number): number | null {
    const limit = this.#faults.rateLimit;
    if (limit === null) return null;
    this.#accepted.prune(now);
    const oldest = this.#accepted.oldest;
    if (this.#accepted.size >= limit.maxRequestsPerSecond) {
      return oldest === undefined ? 1000 : Math.max(oldest + 1000 - now, 1);
    }
    this.#accepted.push(now);
    return null;
  }

  /** The byte offset at which this download of a task must be cut, or `null`. */
  downloadCut(taskId: string, start: number, endExclusive: number): number | null {
    const at = this.#faults.dropDownloadAtByte;
    if (at !== null && at > start && at < endExclusive && !this.#droppedTasks.has(taskId)) {
      this.#droppedTasks.add(taskId);
      return at;
    }
    if (endExclusive - start >= 2 && this.roll(this.#faults.dropDownloadRate)) {
      return start + Math.floor((endExclusive - start) / 2);
    }
    return null;
  }
}
