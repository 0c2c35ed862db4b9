// Scenario c's targets: what sora-rx's default schedule must reach on each workload, checked
// against the figures of a run.
import type { RowFigures } from './detection-simulation.js';
import type { WorkloadKey } from './detection-workloads.js';

const SECOND = 1_000;

/** One bound of a target: a figure of sora-rx's row that must not exceed a limit. */
export interface Criterion {
  /** The bound as the targets table says it, such as `median ≤ 15 s`. */
  readonly label: string;
  /** The figure, as it is printed beside the label. */
  readonly describe: (value: number) => string;
  /** The figure, from sora-rx's row. */
  readonly measure: (row: RowFigures) => number;
  /** The limit, which may come from the fixed 30 s row of the same workload. */
  readonly limit: (fixed30: RowFigures | undefined) => number;
}

/** A target checked: what it asks, what was measured, and whether it is met. */
export interface TargetVerdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const requestsAtMost = (limit: number): Criterion => ({
  label: `≤ ${limit} requests/task`,
  describe: (value) => `${value.toFixed(2)} requests/task`,
  measure: (row) => row.getsPerTask,
  limit: () => limit,
});

const delayAtMost = (
  which: 'median' | 'p95',
  seconds: number,
  pick: (row: RowFigures) => number,
): Criterion => ({
  label: `${which} ≤ ${seconds} s`,
  describe: (value) => `${which} ${formatDelay(value)}`,
  measure: pick,
  limit: () => seconds * SECOND,
});

/** The targets of each workload; a workload without one is measured for the record. */
export const TARGETS: Partial<Record<WorkloadKey, readonly Criterion[]>> = {
  seed: [
    requestsAtMost(10.5),
    delayAtMost('median', 15, (row) => row.delay.medianMs),
    delayAtMost('p95', 40, (row) => row.delay.p95Ms),
  ],
  rejected: [
    {
      label: 'every early failure seen within 40 s',
      describe: (value) => `failures seen after ${formatDelay(value)} at most`,
      measure: (row) => row.failureDelay.maxMs,
      limit: () => 40 * SECOND,
    },
  ],
  faster: [
    delayAtMost('median', 20, (row) => row.delay.medianMs),
    delayAtMost('p95', 60, (row) => row.delay.p95Ms),
  ],
  batch: [
    delayAtMost('median', 20, (row) => row.delay.medianMs),
    delayAtMost('p95', 60, (row) => row.delay.p95Ms),
  ],
  batchGenerate: [
    delayAtMost('median', 20, (row) => row.delay.medianMs),
    delayAtMost('p95', 60, (row) => row.delay.p95Ms),
  ],
  secondRun: [
    delayAtMost('median', 20, (row) => row.delay.medianMs),
    delayAtMost('p95', 60, (row) => row.delay.p95Ms),
  ],
  slower: [requestsAtMost(14), delayAtMost('median', 15, (row) => row.delay.medianMs)],
  openai: [requestsAtMost(6), delayAtMost('median', 8, (row) => row.delay.medianMs)],
};

/**
 * Checks a workload's target against sora-rx's row, and the fixed 30 s row where a bound is
 * relative to it. A figure that could not be measured (no task to measure it on) misses.
 */
export function checkTarget(
  criteria: readonly Criterion[],
  row: RowFigures,
  fixed30: RowFigures | undefined,
): TargetVerdict {
  const measured = criteria.map((criterion) => {
    const value = criterion.measure(row);
    return { text: criterion.describe(value), met: value <= criterion.limit(fixed30) };
  });
  return {
    target: criteria.map((criterion) => criterion.label).join(', '),
    measured: measured.map(({ text }) => text).join(', '),
    met: measured.every(({ met }) => met),
  };
}

/** A delay in seconds with one decimal, or a dash when there was none to measure. */
export function formatDelay(ms: number): string {
  return Number.isNaN(ms) ? '—' : `${(ms / SECOND).toFixed(1)} s`;
}
