// Scale run: 10,000 concurrent watches in one process, polling a simulator in another for real.
// Run with `npm run scale`. It checks that every task completes, and that nothing leaks: no
// sockets, timers or memory left once the watches are done.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { lastValueFrom, tap } from 'rxjs';
import { core } from '../bench/library.js';

// sora-rx compiled as it ships (see tools/bench/library.ts).
const { createSoraClient, isTerminal, summarizeWatch } = core;

const count = Number(process.argv[2] ?? 10_000);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', new URL('./sim-child.ts', import.meta.url).pathname, String(count)],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
// The child prints its address and tasks, then, once its stdin ends, what it counted.
const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
const { baseUrl, apiKey, ids } = JSON.parse((await lines.next()).value as string) as {
  baseUrl: string;
  apiKey: string;
  ids: string[];
};

const handlesBefore = process.getActiveResourcesInfo().length;
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const sora = createSoraClient({
  baseUrl,
  apiKey,
  // The simulator runs 20× fast, so the client polls 20× more often than the API asks: 30 s / 20.
  poll: { intervalMs: 1_500, ageAware: false, jitter: 0.2 },
  rateLimit: { requestsPerSecond: 4000, burst: 2000, maxInFlight: 256 },
});

const started = performance.now();
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 100);
// What the live watches hold, garbage aside: measured once while every task is still watched.
let liveHeap = Number.NaN;
const liveProbe = setTimeout(() => {
  global.gc?.();
  liveHeap = process.memoryUsage().heapUsed;
}, 3_000);
// Every watch stays open until its task is terminal: all of them at once until the first ends.
let firstEnd: number | undefined;
const summary = await lastValueFrom(
  sora.watchAll$(ids).pipe(
    tap(({ task, error }) => {
      if (error !== undefined || (task !== undefined && isTerminal(task.status)))
        firstEnd ??= performance.now();
    }),
    summarizeWatch(),
  ),
);
clearInterval(sampler);
clearTimeout(liveProbe);
const seconds = (performance.now() - started) / 1000;

global.gc?.();
const heapAfter = process.memoryUsage().heapUsed;
child.stdin.end();
const simulator = JSON.parse((await lines.next()).value as string) as {
  totalRequests: number;
  maxRequestsPerSecond: number;
};
await once(child, 'exit');
// Idle keep-alive sockets are unref'd and the client holds no timer once every watch is done.
const leftovers = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');

console.table({
  tasks: count,
  completed: summary.completed.length,
  failed: summary.failed.length,
  errored: summary.errored.length,
  'all watched at once for (s)': (((firstEnd ?? started) - started) / 1000).toFixed(1),
  'wall time (s)': seconds.toFixed(1),
  'polls per task': (simulator.totalRequests / count).toFixed(1),
  'simulator peak requests/s': simulator.maxRequestsPerSecond,
  'heap after GC at 3 s, per task (KB)': ((liveHeap - heapBefore) / count / 1e3).toFixed(1),
  'peak heap, garbage included (MB)': ((peakHeap - heapBefore) / 1e6).toFixed(1),
  'heap left after (KB)': ((heapAfter - heapBefore) / 1e3).toFixed(0),
  'active handles before/after': `${handlesBefore}/${leftovers.length}`,
});
const ok = summary.completed.length === count && leftovers.length <= handlesBefore;
console.log(ok ? 'scale run: ok' : 'scale run: FAILED');
process.exitCode = ok ? 0 : 1;
