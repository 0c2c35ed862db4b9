// Scenario h: 50,000 subscriptions made at once, in one synchronous loop, against a server that
// accepts every connection and never answers: the longest event-loop block while they start, and
// the heap each holds while its first poll is pending. The baseline, in the same run, is the same
// loop of `getVideo$(id)`: one GET per task, no watch, sent at once.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Observable, Subscription } from 'rxjs';
import type { SoraClient } from '../../src/index.js';
import { collectGarbage, formatNumber, printTable, sleep, verdict } from './bench-utils.js';
import { core } from './library.js';

const { createSoraClient } = core;

const COUNT = 50_000;
/** Subscriptions made and dropped first, so that the JIT's code is in the baseline. */
const WARMUP = 2_000;
/** How long the event loop is watched after the loop that subscribes. */
const WATCH_MS = 3_000;
const TARGET_BLOCK_MS = 100;
const TARGET_HEAP_BYTES = 3 * 1024;

interface BurstResult {
  readonly label: string;
  readonly loopMs: number;
  /**
   * The CPU time the process spent in the loop (its garbage collector's helper threads included):
   * what the loop costs, less moved than `loopMs` by other processes taking the machine's cores.
   */
  readonly loopCpuMs: number;
  readonly longestBlockMs: number;
  readonly longestAfterLoopMs: number;
  /** The CPU time the process spent in that longest gap: what is ours of it, not the machine's. */
  readonly longestAfterLoopCpuMs: number;
  readonly heapPerTask: number;
  readonly requestsSeen: number;
}

const VARIANTS = {
  baseline: {
    label: 'getVideo$(id), baseline',
    subscribe: (sora: SoraClient, id: string): Observable<unknown> => sora.getVideo$(id),
  },
  watch: {
    label: 'videoStatus$(id)',
    subscribe: (sora: SoraClient, id: string): Observable<unknown> => sora.videoStatus$(id),
  },
};

/**
 * Runs the burst scenario and prints its table. Each variant runs in a Node process of its own,
 * so that the garbage one leaves does not slow the collector in the other's loop.
 */
export async function runBurst(): Promise<void> {
  const variant = process.argv[3];
  if (variant === 'baseline' || variant === 'watch') {
    console.log(JSON.stringify(await runVariant(variant)));
    return;
  }
  const results: BurstResult[] = [];
  for (const key of Object.keys(VARIANTS)) {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? '', 'h', key], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`The ${key} variant of scenario h failed`);
    results.push(JSON.parse(output.trim().split('\n').at(-1) ?? '') as BurstResult);
  }

  const ours = results.at(-1) as BurstResult;
  printTable(
    `h) 50,000 subscriptions made in one loop, against a server that never answers; the event loop watched for ${WATCH_MS / 1000} s`,
    [
      'subscriptions',
      'the loop that subscribes took',
      'CPU time of the loop',
      'longest event-loop block',
      'longest block after the loop (its CPU time)',
      'heap per waiting task',
      'requests the server got',
    ],
    results.map((r) => [
      r.label,
      `${formatNumber(r.loopMs)} ms`,
      `${formatNumber(r.loopCpuMs)} ms`,
      `${formatNumber(r.longestBlockMs)} ms`,
      `${formatNumber(r.longestAfterLoopMs)} ms (${formatNumber(r.longestAfterLoopCpuMs)} ms)`,
      `${formatNumber(r.heapPerTask)} B`,
      formatNumber(r.requestsSeen),
    ]),
    [
      `Target: no block longer than ${TARGET_BLOCK_MS} ms: ${formatNumber(ours.longestBlockMs)} ms, ${verdict(ours.longestBlockMs <= TARGET_BLOCK_MS)}.`,
      `Target: ≤ ${formatNumber(TARGET_HEAP_BYTES)} B of heap per waiting task: ${formatNumber(ours.heapPerTask)} B, ${verdict(ours.heapPerTask <= TARGET_HEAP_BYTES)}.`,
      'The longest block counts the loop that subscribes: it is one block of the event loop too.',
    ],
  );
}

/** The loop that subscribes, the longest gap between 1 ms timers after it, and the heap held. */
/** Measures one variant against a server, in this process, that never answers. */
async function runVariant(key: keyof typeof VARIANTS): Promise<BurstResult> {
  const { label, subscribe } = VARIANTS[key];
  let requestsSeen = 0;
  const server = createServer(() => {
    requestsSeen += 1;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const ids = Array.from({ length: COUNT }, (_, i) => `video_${String(i).padStart(8, '0')}`);
  try {
    const sora = createSoraClient({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-bench' });
    // Warm up on ids of their own, then drop them: the JIT's code is then in the baseline.
    const warm = ids.slice(0, WARMUP).map((id) => subscribe(sora, `w${id}`).subscribe(QUIET));
    await sleep(200);
    for (const subscription of warm) subscription.unsubscribe();
    await sleep(200);
    requestsSeen = 0;
    const measured = await measure(ids, (id) => subscribe(sora, id));
    return { label, ...measured, requestsSeen };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

async function measure(
  ids: readonly string[],
  watch: (id: string) => Observable<unknown>,
): Promise<Omit<BurstResult, 'label' | 'requestsSeen'>> {
  await collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const gaps = watchGaps();
  await sleep(20);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const subscriptions: Subscription[] = [];
  for (const id of ids) subscriptions.push(watch(id).subscribe(QUIET));
  const loopMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  // The first tick after the loop reports the loop itself: what comes after starts from here.
  await new Promise((resolve) => setTimeout(resolve, 1));
  const longestGapMs = gaps.restart();
  await sleep(WATCH_MS);
  const { longestMs: longestAfterLoop, cpuMs: longestAfterLoopCpu } = gaps.stop();
  await collectGarbage();
  const heapPerTask = (process.memoryUsage().heapUsed - before) / ids.length;
  for (const subscription of subscriptions) subscription.unsubscribe();
  await sleep(200);
  return {
    loopMs,
    loopCpuMs: (cpu.user + cpu.system) / 1000,
    longestBlockMs: Math.max(loopMs, longestGapMs),
    longestAfterLoopMs: longestAfterLoop,
    longestAfterLoopCpuMs: longestAfterLoopCpu,
    heapPerTask,
  };
}

/**
 * Measures the longest gap between ticks of a 1 ms timer, less the 1 ms it asks for, and the CPU
 * time the process spent in it.
 */
function watchGaps(): { restart(): number; stop(): { longestMs: number; cpuMs: number } } {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let longest = 0;
  let longestCpu = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    if (now - last - 1 > longest) {
      longest = now - last - 1;
      longestCpu = (cpu.user + cpu.system) / 1000;
    }
    last = now;
    lastCpu = process.cpuUsage();
  }, 1);
  return {
    restart: () => {
      const before = longest;
      longest = 0;
      longestCpu = 0;
      last = performance.now();
      lastCpu = process.cpuUsage();
      return before;
    },
    stop: () => {
      clearInterval(timer);
      return { longestMs: longest, cpuMs: longestCpu };
    },
  };
}

/** One observer for every subscription: no closure per task in the figures. */
const QUIET = { error: () => {} };
