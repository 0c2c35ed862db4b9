import { assertDuration, assertFraction, assertPositiveNumber } from '../util/assert-options.js';
import { mergeOptions } from '../util/merge-options.js';
import {
  assertGenerationEstimates,
  GENERATION_ESTIMATES,
  type GenerationEstimates,
} from './generation-estimates.js';

/** The cadence and time limit of watching one task. */
export interface PollOptions {
  /**
   * The time between one answer and the next poll, in milliseconds, from 1 to 2³¹−1 (the longest
   * a timer holds). The API asks for 30–60 s.
   *
   * - Set, it is honoured as it is (± `jitter`) from the first answer on, whatever the task's age.
   * - Not set, the default schedule runs on a 30 s interval: a poll at once, another when the task
   *   is 30 s old (to see early failures), none before the shortest generation time (what this
   *   client learned of the gateway, from its tasks, its scouts and its journal, or else the
   *   published one), then polls at most 30 s apart, or just after the finish that the task's
   *   `progress` predicts. One in ten of the tasks of a batch scouts, polling every 10 s until
   *   that time, while the client knows nothing of their kind. See the
   *   README's "Watch one task" for the whole contract.
   * @default 30000, with the default schedule
   */
  readonly intervalMs?: number | undefined;
  /**
   * With the client's `events`, the slow poll that catches a lost event, in milliseconds, from 1
   * to 2³¹−1: no poll before the task's shortest generation time plus this, then one poll this
   * often (jitter only shortens the gaps), so that a task whose event was lost is seen at most
   * this long after it could first have finished. A pushed terminal event ends the wait at once
   * with one request. An `intervalMs` the user set wins over it: then polls keep that interval,
   * and events still end the wait early. With `ageAware: false`, or a task whose age is not
   * known, polls go this far apart from the first answer. Without `events` it does nothing.
   * @default 300000 (5 minutes)
   */
  readonly safetyIntervalMs?: number | undefined;
  /**
   * How far each interval may stray, as a fraction: 0.1 spreads polls over ±10 %, so that tasks
   * created together drift apart. The default schedule only lengthens its early-failure check and
   * only shortens its gaps while a task may be finishing, so that no gap exceeds the interval.
   * @default 0.1
   */
  readonly jitter?: number | undefined;
  /**
   * How long to watch before giving up with `SORA_POLL_TIMEOUT`, in milliseconds, from 1 to
   * 2³¹−1 (about 24.8 days): from the subscription, or for `generate$` from the task's creation.
   * A 25 s video may take 15 minutes.
   * @default 1800000
   */
  readonly maxWaitMs?: number | undefined;
  /**
   * Whether the default schedule may use the task's age (from `created`): the early-failure
   * check, the skip before the shortest generation time, and the `progress` forecast. `false`
   * polls at the plain interval ± jitter.
   * @default true
   */
  readonly ageAware?: boolean | undefined;
  /**
   * The video's length in seconds, when the caller knows it and the gateway does not report it:
   * it picks the row of `generationEstimates`. `generate$` passes the length it asked for.
   */
  readonly videoSeconds?: number | undefined;
  /**
   * How long generation takes, by length of video in seconds: the default schedule polls no
   * sooner than `minMs` until this client learned what the gateway really takes; set, they are
   * also the latest the skip ends, which learning may only bring forward. A length the rows do
   * not list takes the next longer row; an unknown length the shortest `minMs`.
   * @default GENERATION_ESTIMATES: 10 s 2–5 min, 15 s 3–8 min, 25 s 5–15 min
   * @example { 4: { minMs: 30_000, maxMs: 120_000 }, 8: { minMs: 60_000, maxMs: 240_000 } }
   */
  readonly generationEstimates?: GenerationEstimates | undefined;
  /**
   * The shortest wait a server's poll hint (`openai-poll-after-ms`, `Retry-After`) may set, in
   * milliseconds (at least 1), so that a hint of zero cannot cause a hot loop.
   * @default 1000
   */
  readonly minHintMs?: number | undefined;
  /**
   * The longest wait a server's poll hint may set, in milliseconds: from `minHintMs` to 2³¹−1.
   * @default 120000
   */
  readonly maxHintMs?: number | undefined;
}

/** {@link PollOptions} with every default filled in, and whether the user set the interval. */
export interface ResolvedPollOptions {
  /** The interval: the one the user set, or the default schedule's 30 s. */
  readonly intervalMs: number;
  readonly safetyIntervalMs: number;
  readonly jitter: number;
  readonly maxWaitMs: number;
  readonly ageAware: boolean;
  readonly videoSeconds: number | undefined;
  readonly generationEstimates: GenerationEstimates;
  readonly minHintMs: number;
  readonly maxHintMs: number;
  /** Whether `intervalMs` was set: then it is honoured as it is. */
  readonly fixedInterval: boolean;
  /**
   * Whether `generationEstimates` was set: then what the client learns may shorten the skip, never
   * lengthen it.
   */
  readonly fixedEstimates: boolean;
}

/** The defaults of {@link PollOptions}. */
export const DEFAULT_POLL_OPTIONS = {
  intervalMs: 30_000,
  safetyIntervalMs: 5 * 60_000,
  jitter: 0.1,
  ageAware: true,
  videoSeconds: undefined,
  maxWaitMs: 30 * 60_000,
  generationEstimates: GENERATION_ESTIMATES,
  minHintMs: 1_000,
  maxHintMs: 120_000,
} as const satisfies Required<PollOptions>;

/** Every option {@link PollOptions} has. */
export const POLL_OPTION_NAMES: readonly string[] = Object.keys(DEFAULT_POLL_OPTIONS);

/**
 * Fills in the defaults of {@link PollOptions} (`undefined` means the default), throwing a
 * `TypeError` that names the first bad value.
 */
export function resolvePollOptions(options: PollOptions): ResolvedPollOptions {
  const resolved = mergeOptions<PollOptions>(DEFAULT_POLL_OPTIONS, options);
  const { intervalMs, jitter, maxWaitMs, ageAware, videoSeconds, generationEstimates } = resolved;
  const { minHintMs, maxHintMs, safetyIntervalMs } = resolved;
  assertDuration(intervalMs, 'intervalMs');
  assertDuration(safetyIntervalMs, 'safetyIntervalMs');
  assertFraction(jitter, 'jitter');
  assertDuration(maxWaitMs, 'maxWaitMs');
  assertDuration(minHintMs, 'minHintMs');
  assertDuration(maxHintMs, 'maxHintMs');
  if (maxHintMs < minHintMs) {
    throw new TypeError(
      `Expected \`maxHintMs\` (${maxHintMs}) to be at least \`minHintMs\` (${minHintMs})`,
    );
  }
  if (typeof ageAware !== 'boolean') {
    throw new TypeError(`Expected \`ageAware\` to be a boolean, got ${typeof ageAware}`);
  }
  if (videoSeconds !== undefined) assertPositiveNumber(videoSeconds, 'videoSeconds');
  assertGenerationEstimates(generationEstimates, 'generationEstimates');
  return {
    intervalMs,
    safetyIntervalMs,
    jitter,
    maxWaitMs,
    ageAware,
    videoSeconds,
    generationEstimates,
    minHintMs,
    maxHintMs,
    fixedInterval: options.intervalMs !== undefined,
    fixedEstimates: options.generationEstimates !== undefined,
  };
}
