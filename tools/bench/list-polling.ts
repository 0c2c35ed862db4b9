// Scenario f: 1,000 tasks watched by one `watchAll$` with and without list polling, in one run:
// status requests per task and per polling round, and detection delay, in virtual time
// (list-polling-simulation.ts); then the same against the simulator in its own process, sped up,
// for its CPU time. The tables print as Markdown, ready for docs/benchmarks.md.
import type { ListPollingOptions } from '../../src/index.js';
import { formatNumber, printMarkdownTable, verdict } from './bench-utils.js';
import { drawTasks, type SimulatedTask, WORKLOADS } from './detection-workloads.js';
import { type ListRowFigures, simulateListRow } from './list-polling-simulation.js';
import { runListPollingOnSimulator } from './list-polling-simulator.js';

const SEED = 20_251_201;
const TASKS = 1_000;
/** The most status requests per task and polling round that list polling may spend. */
const TARGET_PER_ROUND = 0.2;
/** How much later list polling may see a task end, at the median, and still count as the same. */
const SAME_DELAY_MS = 1_000;

/** How the tasks of a row arrive: all within a few minutes, or one every 2 s on average. */
const ARRIVALS = [
  { name: '1,000 created within 100 s', meanGapMs: 100 },
  { name: '1,000 created over 33 min (one every 2 s)', meanGapMs: 2_000 },
] as const;

const MODES: readonly {
  readonly name: string;
  readonly listPolling: false | ListPollingOptions;
}[] = [
  { name: 'one GET per task (`listPolling: false`)', listPolling: false },
  { name: 'list pages, `maxAgeMs` 2 s', listPolling: { mode: true, maxAgeMs: 2_000 } },
  { name: 'list pages, default (`maxAgeMs` 5 s)', listPolling: { mode: 'auto' } },
  { name: 'list pages, `maxAgeMs` 10 s', listPolling: { mode: true, maxAgeMs: 10_000 } },
];

/** The OpenAI-shaped workload of scenario c, its first 1,000 tasks, arriving `meanGapMs` apart. */
function drawArrivals(meanGapMs: number): SimulatedTask[] {
  const tasks = drawTasks(WORKLOADS.openai, SEED).slice(0, TASKS);
  // Scenario c's arrivals are 2 s apart on average: scale them.
  return tasks.map((task) => ({
    ...task,
    arrivalMs: Math.round((task.arrivalMs * meanGapMs) / 2_000),
  }));
}

const seconds = (ms: number) => `${formatNumber(ms / 1000, 1)} s`;

/** Runs scenario f and prints its tables. */
export async function runListPolling(): Promise<void> {
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  for (const arrival of ARRIVALS) {
    const tasks = drawArrivals(arrival.meanGapMs);
    let base: ListRowFigures | undefined;
    for (const mode of MODES) {
      const figures = simulateListRow(tasks, mode.listPolling, SEED + 10);
      base ??= figures;
      const requests = figures.getsPerTask + figures.pagesPerTask;
      // A polling round is one look at a task by its schedule: without lists, one GET each.
      const perRound = requests / base.getsPerTask;
      rows.push([
        arrival.name,
        mode.name,
        formatNumber(requests, 2),
        formatNumber(figures.pagesPerTask, 2),
        formatNumber(perRound, 3),
        seconds(figures.delayMedianMs),
        seconds(figures.delayP95Ms),
        seconds(figures.delayMaxMs),
        figures.unfinished,
      ]);
      if (mode.listPolling !== false && mode.listPolling.mode === 'auto') {
        const same = figures.delayMedianMs - base.delayMedianMs <= SAME_DELAY_MS;
        notes.push(
          `${arrival.name}, default: ${formatNumber(perRound, 3)} status requests per task and round (target ≤ ${TARGET_PER_ROUND}: ${verdict(perRound <= TARGET_PER_ROUND)}), median delay ${seconds(figures.delayMedianMs)} against ${seconds(base.delayMedianMs)} (within ${seconds(SAME_DELAY_MS)}: ${verdict(same)}).`,
        );
      }
    }
  }
  printMarkdownTable(
    `f) List polling: ${formatNumber(TASKS)} tasks in OpenAI's shape (seed durations, noisy progress), one \`watchAll$\` on the default schedule, virtual time, ${50} ms per answer (seed ${SEED})`,
    [
      'arrivals',
      'polling',
      'status requests/task',
      'of which list pages',
      'requests/task/round',
      'delay median',
      'delay p95',
      'delay max',
      'unfinished',
    ],
    rows,
    notes,
  );
  await runListPollingOnSimulator(TASKS);
}
