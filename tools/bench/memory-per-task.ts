// Scenario b: heap and RSS per watched task, with 1,000 and 10,000 tasks that stay `processing`,
// each waiting on its timer after its first poll; then unsubscribing must leave nothing behind.
import { lastValueFrom, type Subscription } from 'rxjs';
import type { SoraClient } from '../../src/index.js';
import { collectGarbage, formatNumber, printTable, sleep, verdict } from './bench-utils.js';
import { core } from './library.js';
import { spawnSimulator } from './spawn-simulator.js';

const { createSoraClient } = core;

const COUNTS = [1_000, 10_000];
/** Watches started and stopped before the baseline, so that JIT code and sockets are in it. */
const WARMUP_TASKS = 500;
const TARGET_HEAP_BYTES = 4 * 1024;

interface PhaseResult {
  readonly count: number;
  readonly heapPerTask: number;
  readonly rssPerTask: number;
  readonly timersWatching: number;
  readonly resourcesBefore: number;
  readonly resourcesAfter: number;
  readonly heapLeftPerTask: number;
  readonly firstPollSeconds: number;
  readonly errors: number;
}

/** Runs the memory scenario and prints its table. */
export async function runMemoryPerTask(): Promise<void> {
  const largest = Math.max(...COUNTS);
  const sim = await spawnSimulator({
    dialect: 'openai',
    taskCount: largest + WARMUP_TASKS,
    status: 'processing',
  });
  const results: PhaseResult[] = [];
  try {
    const ids = sim.ids.slice(0, largest);
    const warmupIds = sim.ids.slice(largest);
    for (const count of COUNTS) {
      // A client per phase, made before the baseline: only the watches are measured.
      const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
      await warmUp(sora, warmupIds);
      results.push(await measurePhase(sora, ids.slice(0, count)));
    }
  } finally {
    await sim.stop();
  }

  const worst = Math.max(...results.map((r) => r.heapPerTask));
  const clean = results.every((r) => r.resourcesAfter <= r.resourcesBefore && r.errors === 0);
  printTable(
    'b) Memory per watched task: videoStatus$(id) with default options, each waiting on its timer after the first poll',
    [
      'tasks',
      'heap per task',
      'RSS per task',
      'timers while watching',
      'first polls took',
      'heap left after unsubscribing, per task',
      'active resources before / after',
    ],
    results.map((r) => [
      formatNumber(r.count),
      `${formatNumber(r.heapPerTask)} B`,
      `${formatNumber(r.rssPerTask)} B`,
      formatNumber(r.timersWatching),
      `${r.firstPollSeconds.toFixed(1)} s`,
      `${formatNumber(r.heapLeftPerTask)} B`,
      `${r.resourcesBefore} / ${r.resourcesAfter}`,
    ]),
    [
      `Target: ≤ ${formatNumber(TARGET_HEAP_BYTES)} B of heap per task: worst ${formatNumber(worst)} B, ${verdict(worst <= TARGET_HEAP_BYTES)}.`,
      `Nothing left after unsubscribing (active resources back to the baseline, no errors): ${verdict(clean)}.`,
      'Baselines and figures are taken after global.gc(); RSS also holds freed pages the allocator keeps.',
    ],
  );
}

/** Starts and stops watches, so that the code and the socket pool exist before the baseline. */
async function warmUp(sora: SoraClient, ids: readonly string[]): Promise<void> {
  await Promise.all(ids.map((id) => lastValueFrom(sora.getVideo$(id))));
  const { subscriptions, firstAnswers } = watchAll(sora, ids);
  await firstAnswers;
  for (const subscription of subscriptions) subscription.unsubscribe();
}

async function measurePhase(sora: SoraClient, ids: readonly string[]): Promise<PhaseResult> {
  await collectGarbage();
  const resourcesBefore = countResources();
  const before = process.memoryUsage();

  const started = performance.now();
  const watch = watchAll(sora, ids);
  const errors = await watch.firstAnswers;
  const firstPollSeconds = (performance.now() - started) / 1000;
  // Let the last answers' sockets and buffers settle back into the pool.
  await sleep(500);
  await collectGarbage();
  const watching = process.memoryUsage();
  const timersWatching = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  for (const subscription of watch.subscriptions) subscription.unsubscribe();
  watch.subscriptions.length = 0;
  await sleep(100);
  await collectGarbage();
  const after = process.memoryUsage();
  const count = ids.length;
  return {
    count,
    heapPerTask: (watching.heapUsed - before.heapUsed) / count,
    rssPerTask: (watching.rss - before.rss) / count,
    timersWatching,
    resourcesBefore,
    resourcesAfter: countResources(),
    heapLeftPerTask: (after.heapUsed - before.heapUsed) / count,
    firstPollSeconds,
    errors,
  };
}

/** Subscribes to every task; `firstAnswers` resolves, with the count of errors, once each answered. */
function watchAll(
  sora: SoraClient,
  ids: readonly string[],
): { subscriptions: Subscription[]; firstAnswers: Promise<number> } {
  const tally = new Tally(ids.length);
  // One small object per task, not closures: tsx, which runs this file, gives every closure a
  // `name` property of its own (about 256 B), which would count as sora-rx's.
  const subscriptions = ids.map((id) => sora.videoStatus$(id).subscribe(new FirstAnswer(tally)));
  return { subscriptions, firstAnswers: tally.done };
}

/** Counts the first answers of all tasks. */
class Tally {
  errors = 0;
  readonly done: Promise<number>;
  private resolve: (errors: number) => void = () => {};

  constructor(private pending: number) {
    this.done = new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  answered(): void {
    this.pending -= 1;
    if (this.pending === 0) this.resolve(this.errors);
  }
}

/** The observer of one task: reports its first answer, a task or an error, to the tally. */
class FirstAnswer {
  private seen = false;

  constructor(private readonly tally: Tally) {}

  next(): void {
    if (this.seen) return;
    this.seen = true;
    this.tally.answered();
  }

  error(): void {
    this.tally.errors += 1;
    if (!this.seen) this.tally.answered();
  }
}

/** Handles and requests that keep the event loop alive, minus the terminal's own. */
function countResources(): number {
  return process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
}
