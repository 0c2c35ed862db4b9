// The benchmarks of sora-rx: `npm run bench` runs every scenario, `npm run bench -- c` only one.
// Each scenario of a full run gets a fresh Node process of its own, so that the memory figures of
// one are not coloured by the heap, JIT state or sockets another left behind.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { runBurst } from './burst.js';
import { runDetectionEfficiency } from './detection-efficiency.js';
import { runDownload } from './download.js';
import { runFleetBench } from './fleet.js';
import { runFleetListSweeps } from './fleet-list-sweeps.js';
import { runJournal } from './journal.js';
import { runListPolling } from './list-polling.js';
import { runMemoryPerTask } from './memory-per-task.js';
import { runPollThroughput } from './poll-throughput.js';
import { runWebhooks } from './webhooks.js';

const SCENARIOS: Record<
  string,
  {
    readonly title: string;
    readonly run: () => Promise<void>;
    /** A part of another scenario, to run alone: a full run leaves it to that one. */
    readonly partOf?: string;
  }
> = {
  a: { title: 'poll throughput', run: runPollThroughput },
  b: { title: 'memory per watched task', run: runMemoryPerTask },
  c: { title: 'detection efficiency', run: runDetectionEfficiency },
  d: { title: 'download', run: runDownload },
  e: { title: 'webhooks against polling', run: runWebhooks },
  f: { title: 'list polling', run: runListPolling },
  fleet: { title: 'fleet on BullMQ', run: runFleetBench },
  'fleet-sweeps': {
    title: 'fleet: list sweeps against per-task GETs',
    run: runFleetListSweeps,
    partOf: 'fleet',
  },
  g: { title: 'task journal', run: runJournal },
  h: { title: '50,000 subscriptions', run: runBurst },
};

const selected = process.argv[2];
if (selected === undefined) {
  for (const [key, { title, partOf }] of Object.entries(SCENARIOS)) {
    if (partOf !== undefined) continue;
    console.log(`\n=== ${key}) ${title} ===`);
    const started = performance.now();
    const before = readCpuTicks();
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? '', key], {
      stdio: 'inherit',
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    const after = readCpuTicks();
    // Other work on the machine skews every figure: say how much of the CPU it took meanwhile.
    const others =
      (after.busy - before.busy - (after.ours - before.ours)) / (after.all - before.all);
    const share = Number.isFinite(others)
      ? `, other processes used ${Math.max(0, others * 100).toFixed(0)} % of the CPU`
      : '';
    console.log(`(${key} took ${((performance.now() - started) / 1000).toFixed(1)} s${share})`);
    if (code !== 0) process.exitCode = 1;
  }
} else {
  const scenario = SCENARIOS[selected];
  if (scenario === undefined) {
    console.error(
      `Unknown scenario "${selected}": pick one of ${Object.keys(SCENARIOS).join(', ')}`,
    );
    process.exit(2);
  }
  await scenario.run();
}

/** CPU ticks of the whole machine (busy and all) and of this process's finished children (Linux). */
function readCpuTicks(): { busy: number; all: number; ours: number } {
  try {
    const [, ...machine] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/);
    const ticks = machine.slice(0, 8).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    const all = ticks.reduce((sum, value) => sum + value, 0);
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime: CPU of the children (and their children) that have been waited for.
    const ours = Number(fields[13]) + Number(fields[14]);
    return { busy: all - idle, all, ours };
  } catch {
    return { busy: Number.NaN, all: Number.NaN, ours: Number.NaN };
  }
}
