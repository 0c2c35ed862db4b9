// What a fault soak runs: how many tasks, how fast, which faults, which rate limit. Two presets:
// the full soak of `npm run soak` (at most 2 minutes) and the short one inside `npm test`.
import type { SoraSimulatorFaults } from '../../src/testing/index.js';

/** A window during which the simulator answers 429 above a low rate. */
export interface StormWindow {
  /** When it starts, in ms after the client starts. */
  readonly startMs: number;
  /** How long it lasts, in ms. */
  readonly durationMs: number;
  /** What the simulator accepts per second during the storm. */
  readonly maxRequestsPerSecond: number;
}

/** Everything a soak run depends on: the same options and seed replay the same plan and faults. */
export interface SoakOptions {
  /** Seeds the task plan (durations, which tasks fail) and every fault draw of the simulator. */
  readonly seed: number;
  /** Tasks that reach a terminal status during the run. */
  readonly taskCount: number;
  /** Tasks that never finish: still watched when the run ends, so the end is a real unsubscribe. */
  readonly pendingCount: number;
  /** Share of tasks that fail, from 0 to 1. */
  readonly failShare: number;
  /** How much faster the simulator's time runs than the wall clock. */
  readonly timeScale: number;
  /** Wall-clock ms from the start until a task is terminal: drawn uniformly from [min, max). */
  readonly finishWithinMs: readonly [min: number, max: number];
  /** The size of every video, in bytes: the fixture padded with a `free` box. */
  readonly videoBytes: number;
  /** Faults injected from the start to the end. */
  readonly faults: SoraSimulatorFaults;
  /** The 429 storm. */
  readonly storm: StormWindow;
  /** The client's `rateLimit`. */
  readonly rateLimit: {
    readonly requestsPerSecond: number;
    readonly burst: number;
    readonly maxInFlight: number;
    readonly maxDownloads: number;
  };
  /** When the client gives up waiting and unsubscribes, in ms after it started. */
  readonly deadlineMs: number;
}

/** The faults of both presets: every kind the issue names, none that is an error by design. */
const FAULTS: SoraSimulatorFaults = {
  serverErrorRate: 0.03,
  // A proxy's page, not JSON: the client must not need a JSON body to retry a 5xx.
  serverErrorBody: 'html',
  dropRate: 0.01,
  slowRate: 0.01,
  slowDelayMs: 1_500,
  malformedJsonRate: 0.01,
  htmlBodyRate: 0.01,
  dropDownloadRate: 0.05,
  // Left out on purpose: `unknownStatusRate` (a task in a status the client does not know ends its
  // watch with a bounded error, by design) and `failRate` (failing tasks are planned by the soak).
};

/** The soak of `npm run soak`: 2,000 tasks, at most 2 minutes. */
export function fullSoakOptions(seed: number): SoakOptions {
  return {
    seed,
    taskCount: 2_000,
    pendingCount: 100,
    failShare: 0.05,
    timeScale: 30,
    finishWithinMs: [2_000, 40_000],
    videoBytes: 64 * 1024,
    faults: FAULTS,
    storm: { startMs: 15_000, durationMs: 4_000, maxRequestsPerSecond: 50 },
    rateLimit: { requestsPerSecond: 200, burst: 50, maxInFlight: 64, maxDownloads: 8 },
    deadlineMs: 105_000,
  };
}

/** The soak inside `npm test`: the same faults on fewer tasks, in about 15 seconds. */
export function shortSoakOptions(seed: number): SoakOptions {
  return {
    ...fullSoakOptions(seed),
    taskCount: 300,
    pendingCount: 20,
    timeScale: 60,
    finishWithinMs: [1_000, 5_000],
    storm: { startMs: 3_000, durationMs: 1_500, maxRequestsPerSecond: 40 },
    rateLimit: { requestsPerSecond: 150, burst: 30, maxInFlight: 64, maxDownloads: 8 },
    // Well past the 10 s it takes: a machine busy with the rest of `npm test` must not fail it.
    deadlineMs: 25_000,
  };
}

/** A seed for a run that was given none: printed, so that the run can be replayed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
