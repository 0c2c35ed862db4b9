// Scenario c: how many requests each poll schedule spends per task, and how late it sees the task
// end, in virtual time (rxjs/testing) on the workloads of detection-workloads.ts. The tables print
// as Markdown, ready to paste into docs/benchmarks.md.
import { formatNumber, mean, printMarkdownTable } from './bench-utils.js';
import { LATENCY_MS, type RowFigures, type Schedule, simulateRow } from './detection-simulation.js';
import { checkTarget, formatDelay, TARGETS } from './detection-targets.js';
import {
  drawTasks,
  MEAN_ARRIVAL_GAP_MS,
  TASKS_PER_WORKLOAD,
  WORKLOADS,
  type WorkloadKey,
} from './detection-workloads.js';

const SEED = 20_251_129;
/** The seed of the `Math.random` that sora-rx's jitter draws from during a row. */
const JITTER_SEED = SEED + 10;

const SORA_DEFAULT: Schedule = {
  name: 'sora-rx default (`videoStatus$(id)`)',
  createsTask: false,
  watch: (sora, task) => sora.videoStatus$(task.id),
};

const FIXED_30S: Schedule = {
  name: 'fixed 30 s',
  createsTask: false,
  watch: (sora, task) =>
    sora.videoStatus$(task.id, { intervalMs: 30_000, jitter: 0, ageAware: false }),
};

const GENERATE: Schedule = {
  name: 'sora-rx default (`generate$`)',
  createsTask: true,
  // The stub creates a task whose id is the prompt.
  watch: (sora, task) =>
    sora.generate$({ prompt: task.id, model: task.model, seconds: task.seconds }),
};

const SECOND_RUN: Schedule = {
  ...SORA_DEFAULT,
  name: 'sora-rx default, second run with the same journal',
  journal: true,
};

/** The rows each target is measured against, in the same run. */
const BASELINES: readonly Schedule[] = [FIXED_30S];

/** The schedules of each workload's rows. */
function schedulesOf(key: WorkloadKey): Schedule[] {
  if (key === 'secondRun') return [SECOND_RUN, FIXED_30S];
  return WORKLOADS[key].viaGenerate ? [GENERATE] : [SORA_DEFAULT, FIXED_30S];
}

interface Row {
  readonly workload: WorkloadKey;
  readonly schedule: Schedule;
  readonly figures: RowFigures;
}

/** Runs the detection scenario and prints its tables. */
export async function runDetectionEfficiency(): Promise<void> {
  const started = performance.now();
  const rows: Row[] = [];
  let lastArrivalMs = 0;
  for (const key of Object.keys(WORKLOADS) as WorkloadKey[]) {
    const workload = WORKLOADS[key];
    const tasks = drawTasks(workload, SEED);
    lastArrivalMs = tasks[tasks.length - 1]?.arrivalMs ?? 0;
    for (const schedule of schedulesOf(key)) {
      const figures = await simulateRow(workload.shape, tasks, schedule, JITTER_SEED);
      rows.push({ workload: key, schedule, figures });
    }
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const seedTasks = drawTasks(WORKLOADS.seed, SEED);
  const meanGenerationMs = mean(seedTasks.map((task) => task.generationMs));
  const rejectedCount = drawTasks(WORKLOADS.rejected, SEED).filter(
    (task) => task.rejectedAfterMs !== undefined,
  ).length;

  printMarkdownTable(
    `c) Detection efficiency: ${formatNumber(TASKS_PER_WORKLOAD)} tasks per workload, one client and one virtual-time run per row (seed ${SEED})`,
    [
      'workload',
      'schedule',
      'GET requests/task',
      'POST requests/task',
      'delay median',
      'delay p95',
      'delay max',
      'failure delay p95',
      'failure delay max',
      'watches ended in error',
    ],
    rows.map(({ workload, schedule, figures }) => [
      WORKLOADS[workload].name,
      schedule.name,
      figures.getsPerTask.toFixed(2),
      figures.postsPerTask.toFixed(2),
      formatDelay(figures.delay.medianMs),
      formatDelay(figures.delay.p95Ms),
      formatDelay(figures.delay.maxMs),
      formatDelay(figures.failureDelay.p95Ms),
      formatDelay(figures.failureDelay.maxMs),
      formatErrors(figures.errors),
    ]),
    [
      `Tasks: created by Poisson arrivals a mean ${MEAN_ARRIVAL_GAP_MS / 1000} s apart, the last at ${formatNumber(lastArrivalMs / 60_000, 1)} min, each watched from its creation; ${formatRange(rows.map((r) => r.figures.peakOpen))} watches open at once at most, by row. Answers after ${LATENCY_MS} ms.`,
      `Mean generation time of the seed durations: ${formatNumber(meanGenerationMs / 60_000, 2)} min. Rejected tasks in the rejection workload: ${formatNumber(rejectedCount)}. fixed 30 s is \`videoStatus$(id, { intervalMs: 30000, jitter: 0, ageAware: false })\`.`,
    ],
  );

  printMarkdownTable(
    'c) Targets, for the sora-rx default row of each workload',
    ['scenario', 'target', 'measured', 'verdict'],
    rows.flatMap(({ workload, schedule, figures }) => {
      const criteria = TARGETS[workload];
      if (criteria === undefined || BASELINES.includes(schedule)) return [];
      const fixed30 = rows.find((r) => r.workload === workload && r.schedule === FIXED_30S);
      const baseline = rows.find((r) => r.workload === workload && BASELINES.includes(r.schedule));
      const verdict = checkTarget(criteria, figures, fixed30?.figures);
      const against =
        baseline === undefined
          ? ''
          : ` (${baseline.schedule.name.replaceAll('`', '')}: ${checkTarget(criteria, baseline.figures, baseline.figures).measured})`;
      return [
        [
          `c) ${WORKLOADS[workload].name}`,
          verdict.target,
          `${verdict.measured}${against}`,
          verdict.met ? 'met' : 'not met',
        ],
      ];
    }),
    [
      `Wall time: ${wallSeconds.toFixed(1)} s, by row ${rows.map((r) => r.figures.wallSeconds.toFixed(1)).join(', ')} s.`,
    ],
  );
}

function formatErrors(errors: ReadonlyMap<string, number>): string {
  if (errors.size === 0) return '0';
  return [...errors].map(([code, count]) => `${formatNumber(count)} ${code}`).join(', ');
}

function formatRange(values: readonly number[]): string {
  const low = formatNumber(Math.min(...values));
  const high = formatNumber(Math.max(...values));
  return low === high ? low : `${low}–${high}`;
}
