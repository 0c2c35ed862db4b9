// Scenario f, second part: 1,000 tasks against the simulator in its own process (OpenAI's
// dialect, 30× faster than real time), watched by one `watchAll$` polling every second (30 s of
// the simulator's time), with and without list polling: the requests the simulator served and
// the CPU time it spent on them.
import { readFileSync } from 'node:fs';
import { lastValueFrom } from 'rxjs';
import type { ListPollingOptions } from '../../src/index.js';
import { formatNumber, printMarkdownTable } from './bench-utils.js';
import { core } from './library.js';
import { spawnSimulator } from './spawn-simulator.js';

const { createSoraClient, summarizeWatch } = core;

/** How much faster than real time the simulator runs. */
const TIME_SCALE = 30;
/** The poll interval: 30 s of the simulator's time. */
const INTERVAL_MS = 30_000 / TIME_SCALE;
/** Linux reports a process's CPU time in clock ticks of 10 ms. */
const TICK_MS = 10;

const MODES: readonly {
  readonly name: string;
  readonly listPolling: false | ListPollingOptions;
}[] = [
  { name: 'one GET per task (`listPolling: false`)', listPolling: false },
  // The default 5 s of `maxAgeMs`, at the simulator's pace.
  {
    name: 'list pages (`maxAgeMs` 5 s of simulated time)',
    listPolling: { maxAgeMs: 5_000 / TIME_SCALE },
  },
];

/** Runs the second part of scenario f and prints its table. */
export async function runListPollingOnSimulator(tasks: number): Promise<void> {
  const rows: (string | number)[][] = [];
  let roundsPerTask = Number.NaN;
  for (const mode of MODES) {
    const sim = await spawnSimulator({
      dialect: 'openai',
      taskCount: tasks,
      processingMs: null,
      timeScale: TIME_SCALE,
    });
    const cpuBefore = readProcessCpuMs(sim.pid);
    const started = performance.now();
    const sora = createSoraClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      poll: { intervalMs: INTERVAL_MS },
      listPolling: mode.listPolling,
    });
    const summary = await lastValueFrom(sora.watchAll$(sim.ids).pipe(summarizeWatch()));
    const wallMs = performance.now() - started;
    const cpuMs = readProcessCpuMs(sim.pid) - cpuBefore;
    const counts = await sim.stop();
    const pages = counts.totalRequests - counts.polls;
    if (mode.listPolling === false) roundsPerTask = counts.polls / tasks;
    rows.push([
      mode.name,
      `${summary.completed.length}/${tasks}`,
      formatNumber(counts.totalRequests / tasks, 2),
      formatNumber(pages / tasks, 2),
      formatNumber(counts.totalRequests / tasks / roundsPerTask, 3),
      formatNumber(cpuMs),
      formatNumber(cpuMs / (counts.totalRequests || 1), 2),
      `${formatNumber(wallMs / 1000, 1)} s`,
    ]);
  }
  printMarkdownTable(
    `f) List polling against the simulator in its own process: ${formatNumber(tasks)} tasks of 10 s, OpenAI's dialect ${TIME_SCALE}× faster than real time, a poll every ${formatNumber(INTERVAL_MS)} ms (30 s simulated)`,
    [
      'polling',
      'completed',
      'status requests/task',
      'of which list pages',
      'requests/task/round',
      'simulator CPU ms',
      'simulator CPU ms/request',
      'wall time',
    ],
    rows,
    [
      'A round is one look at each task; without lists, one GET each. The simulator counts every request, list pages included.',
    ],
  );
}

/** User plus system CPU time of a process, in ms, from /proc (Linux only; NaN elsewhere). */
function readProcessCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}
