import type { VideoTask } from '../model/video-task.js';
import { MAX_TIMER_MS } from '../util/assert-options.js';

const MINUTE = 60_000;

/** How long generation takes, from the provider's estimates, in milliseconds. */
export interface GenerationEstimate {
  /** The shortest expected generation time. */
  readonly minMs: number;
  /** The longest expected generation time. */
  readonly maxMs: number;
}

/** Expected generation times by length of video in seconds. */
export type GenerationEstimates = Readonly<Record<number, GenerationEstimate>>;

/** The provider's published generation times, by length of video in seconds. */
export const GENERATION_ESTIMATES: Readonly<Record<10 | 15 | 25, GenerationEstimate>> = {
  10: { minMs: 2 * MINUTE, maxMs: 5 * MINUTE },
  15: { minMs: 3 * MINUTE, maxMs: 8 * MINUTE },
  25: { minMs: 5 * MINUTE, maxMs: 15 * MINUTE },
};

/** The model that alone makes videos longer than 15 seconds, in the published estimates. */
const PRO_MODEL = 'sora-2-pro';
const LONGEST_STANDARD_SECONDS = 15;

/**
 * The expected generation time of a video. A known length picks its row of the estimates; a
 * length the estimates do not list takes the nearest longer row (or the longest). An unknown
 * length spans every row the model can make: rows longer than 15 s count only for `sora-2-pro`
 * (2–8 min, or 2–15 min for `sora-2-pro`, with the published estimates).
 */
export function estimateGeneration(
  seconds: number | undefined,
  model: string | undefined,
  estimates: GenerationEstimates = GENERATION_ESTIMATES,
): GenerationEstimate {
  const rows = Object.keys(estimates)
    .map(Number)
    .sort((a, b) => a - b);
  const rowOf = (length: number) => estimates[length] as GenerationEstimate;
  if (seconds !== undefined && Number.isFinite(seconds) && seconds > 0) {
    return rowOf(rows.find((length) => length >= seconds) ?? (rows.at(-1) as number));
  }
  const standard = rows.filter((length) => length <= LONGEST_STANDARD_SECONDS);
  const possible = model === PRO_MODEL || standard.length === 0 ? rows : standard;
  return {
    minMs: Math.min(...possible.map((length) => rowOf(length).minMs)),
    maxMs: Math.max(...possible.map((length) => rowOf(length).maxMs)),
  };
}

/** Checks user-given estimates, throwing a `TypeError` that names the first bad row. */
export function assertGenerationEstimates(
  estimates: unknown,
  name: string,
): asserts estimates is GenerationEstimates {
  if (typeof estimates !== 'object' || estimates === null || Array.isArray(estimates)) {
    throw new TypeError(`Expected \`${name}\` to be an object of rows by video length`);
  }
  const entries = Object.entries(estimates);
  if (entries.length === 0) throw new TypeError(`Expected \`${name}\` to have at least one row`);
  for (const [length, row] of entries) {
    const { minMs, maxMs } = (row ?? {}) as Partial<GenerationEstimate>;
    const valid =
      Number(length) > 0 &&
      typeof minMs === 'number' &&
      typeof maxMs === 'number' &&
      minMs >= 0 &&
      maxMs >= minMs &&
      maxMs <= MAX_TIMER_MS;
    if (!valid) {
      throw new TypeError(
        `Expected \`${name}.${length}\` to be { minMs, maxMs } with 0 ≤ minMs ≤ maxMs ≤ ${MAX_TIMER_MS}, for a positive length in seconds`,
      );
    }
  }
}

/** The video's length in seconds, where the gateway reports it (OpenAI sends a string). */
export function secondsOf(task: VideoTask): number | undefined {
  const seconds = Number(task.seconds);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}
