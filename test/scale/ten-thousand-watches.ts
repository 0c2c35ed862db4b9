// Scale run: 10,000 concurrent watches in one process, polling a simulator in another for real.
// Run with `npm run scale`. It checks that every task completes, and that nothing leaks: no
// sockets, timers or memory left once the watches are done.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { lastValueFrom } from 'rxjs';
import { createSoraClient, summarizeWatch } from '../../src/index.js';

const count = Number(process.argv[2] ?? 10_000);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', new URL('./sim-child.ts', import.meta.url).pathname, String(count)],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
const { baseUrl, apiKey, ids } = JSON.parse(line) as {
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
  // The simulator runs 60× fast, so the client polls 60× more often than the API asks.
  poll: { intervalMs: 500, ageAware: false, jitter: 0.2 },
  rateLimit: { requestsPerSecond: 4000, burst: 2000, maxInFlight: 256 },
});

const started = performance.now();
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 100);
const summary = await lastValueFrom(sora.watchAll$(ids).pipe(summarizeWatch()));
clearInterval(sampler);
const seconds = (performance.now() - started) / 1000;

global.gc?.();
const heapAfter = process.memoryUsage().heapUsed;
child.stdin.end();
await once(child, 'exit');
// Idle keep-alive sockets are unref'd and the client holds no timer once every watch is done.
const leftovers = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');

console.table({
  tasks: count,
  completed: summary.completed.length,
  failed: summary.failed.length,
  errored: summary.errored.length,
  'wall time (s)': seconds.toFixed(1),
  'peak heap (MB)': ((peakHeap - heapBefore) / 1e6).toFixed(1),
  'heap left after (KB)': ((heapAfter - heapBefore) / 1e3).toFixed(0),
  'active handles before/after': `${handlesBefore}/${leftovers.length}`,
});
const ok = summary.completed.length === count && leftovers.length <= handlesBefore;
console.log(ok ? 'scale run: ok' : 'scale run: FAILED');
process.exitCode = ok ? 0 : 1;
