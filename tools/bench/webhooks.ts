// Scenario e: webhooks merged with a safety poll, against polling. 2,000 tasks on the seed's
// durations run on the embedded simulator, sped up; the client runs on a clock sped up as much
// (every wait of it divided by the same factor), so its 5-minute safety interval, 30-second poll
// interval and generation estimates are the real ones in simulated time.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asyncScheduler, lastValueFrom, type SchedulerLike, tap } from 'rxjs';
import { createSoraClient, type SoraClientOptions, type VideoTask } from '../../src/index.js';
import { startSoraSimulator } from '../../src/testing/index.js';
import { createWebhookReceiver } from '../../src/webhooks/index.js';
import { formatNumber, median, mulberry32, percentile, printTable } from './bench-utils.js';
import { LENGTH_MIX } from './detection-workloads.js';

const TASKS = Number(process.env.BENCH_WEBHOOK_TASKS ?? 2_000);
/** How much faster than real time the simulator and the client run. */
const TIME_SCALE = Number(process.env.BENCH_WEBHOOK_SCALE ?? 10);
/** The tasks are created over this much simulated time, at random moments. */
const ARRIVALS_MS = 5 * 60_000;
const SAFETY_INTERVAL_MS = 5 * 60_000;
const SEED = 14;

/** A scheduler on a clock `scale` times faster than the wall clock: each wait is divided by it. */
function scaledScheduler(scale: number): SchedulerLike {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * scale,
    schedule: (work, delay = 0, state) =>
      asyncScheduler.schedule(work as never, delay / scale, state),
  };
}

interface RunResult {
  readonly name: string;
  readonly requestsPerTask: number;
  readonly getsPerTask: number;
  readonly delaysMs: number[];
  readonly ended: number;
  readonly lost: readonly string[];
  readonly lostDelaysMs: number[];
  readonly wallMs: number;
}

/** One run: 2,000 tasks created with `generate$`, each watched to its end. */
async function run(name: string, mode: 'polling' | 'webhooks', lossRate = 0): Promise<RunResult> {
  const receiverServer = createServer();
  receiverServer.listen(0, '127.0.0.1');
  await once(receiverServer, 'listening');
  const url = `http://127.0.0.1:${(receiverServer.address() as AddressInfo).port}/hooks`;
  const startTime = Date.now();
  const sim = await startSoraSimulator({
    timeScale: TIME_SCALE,
    startTime,
    seed: SEED,
    // Its hint is in wall-clock ms, which the sped-up client would misread: none.
    pollAfterMs: null,
    webhooks: { faults: { lossRate } },
  });
  const receiver = createWebhookReceiver({ secret: sim.webhooks.secret });
  receiverServer.on('request', receiver.handler);
  const options: SoraClientOptions = {
    baseUrl: sim.baseUrl,
    apiKey: sim.apiKey,
    scheduler: scaledScheduler(TIME_SCALE),
    // A minute of wall-clock time: the machine's load, multiplied by the speed-up, is no timeout.
    requestTimeoutMs: 60_000 * TIME_SCALE,
    ...(mode === 'webhooks' ? { events: receiver.events$, webhookUrl: url } : {}),
  };
  const sora = createSoraClient(options);
  const random = mulberry32(SEED);
  const seen = new Map<string, number>();
  const started = performance.now();
  const watches = Array.from({ length: TASKS }, () => {
    const length = pickLength(random());
    const atMs = (random() * ARRIVALS_MS) / TIME_SCALE;
    return new Promise<VideoTask>((resolve, reject) => {
      setTimeout(() => {
        lastValueFrom(
          sora
            .generate$({
              prompt: 'A bench video',
              model: length.seconds === 25 ? 'sora-2-pro' : 'sora-2',
              seconds: length.seconds,
            })
            .pipe(
              tap((task) => {
                if (task.status === 'completed' || task.status === 'failed') {
                  seen.set(task.id, Date.now());
                }
              }),
            ),
        ).then(resolve, reject);
      }, atMs);
    });
  });
  const results = await Promise.allSettled(watches);
  const wallMs = performance.now() - started;
  const failures = new Map<string, number>();
  for (const result of results) {
    if (result.status === 'rejected') {
      const { code, message } = result.reason as { code?: string; message?: string };
      const key = code ?? String(message);
      failures.set(key, (failures.get(key) ?? 0) + 1);
    }
  }
  if (failures.size > 0)
    console.log(`${name}: watches that failed, by code:`, Object.fromEntries(failures));
  const delayOf = (id: string): number => {
    const task = sim.getTask(id);
    const seenAt = seen.get(id);
    if (task === undefined || seenAt === undefined) return Number.NaN;
    // The finish in wall-clock time, from the simulator's simulated time.
    const finishedAt = startTime + (task.finishedAt - startTime) / TIME_SCALE;
    return (seenAt - finishedAt) * TIME_SCALE;
  };
  const ids = [...seen.keys()];
  const lost = sim.webhooks.lostTaskIds();
  const polls = Object.values(sim.metrics.pollsByTask).reduce((sum, n) => sum + n, 0);
  const result: RunResult = {
    name,
    requestsPerTask: sim.metrics.totalRequests / TASKS,
    getsPerTask: polls / TASKS,
    delaysMs: ids.map(delayOf),
    ended: results.filter((r) => r.status === 'fulfilled').length,
    lost,
    lostDelaysMs: lost.map(delayOf),
    wallMs,
  };
  await sim.close();
  receiverServer.closeAllConnections();
  await new Promise((resolve) => receiverServer.close(resolve));
  return result;
}

/** A length of the seed's mix, from a uniform draw. */
function pickLength(draw: number): (typeof LENGTH_MIX)[number] {
  let rest = draw;
  for (const length of LENGTH_MIX) {
    if (rest < length.share) return length;
    rest -= length.share;
  }
  return LENGTH_MIX[LENGTH_MIX.length - 1] as (typeof LENGTH_MIX)[number];
}

/** Runs polling, webhooks, and webhooks with 10 % lost, and prints the table. */
export async function runWebhooks(): Promise<void> {
  const runs = [
    await run('polling (default schedule)', 'polling'),
    await run('webhooks + safety poll', 'webhooks'),
    await run('webhooks, 10 % lost', 'webhooks', 0.1),
  ];
  const seconds = (ms: number) => formatNumber(ms / 1000, 2);
  printTable(
    `e) Webhooks against polling: ${TASKS} tasks on the seed's durations, generate$, ${TIME_SCALE}× sped up`,
    [
      'run',
      'tasks ended',
      'requests / task',
      'GETs / task',
      'median delay (s)',
      'p95 delay (s)',
      'max delay (s)',
      'lost',
      'lost: max delay (s)',
      'wall (s)',
    ],
    runs.map((r) => [
      r.name,
      `${r.ended} / ${TASKS}`,
      formatNumber(r.requestsPerTask, 2),
      formatNumber(r.getsPerTask, 2),
      seconds(median(r.delaysMs)),
      seconds(percentile(r.delaysMs, 0.95)),
      seconds(Math.max(...r.delaysMs)),
      r.lost.length,
      r.lost.length === 0 ? '–' : seconds(Math.max(...r.lostDelaysMs)),
      seconds(r.wallMs),
    ]),
    [
      `Delays are in simulated time: from the task's finish to the client's terminal emission.`,
      `Requests count the create. The safety interval is ${SAFETY_INTERVAL_MS / 60_000} simulated minutes (${(SAFETY_INTERVAL_MS / TIME_SCALE / 1000).toFixed(0)} s of wall-clock time).`,
    ],
  );
  const [, pushed, lossy] = runs as [RunResult, RunResult, RunResult];
  const checks = [
    [`webhooks: at most 2.2 requests per task`, pushed.requestsPerTask <= 2.2],
    [`webhooks: median detection delay under 1 s`, median(pushed.delaysMs) < 1_000],
    [`10 % lost: every task ends`, lossy.ended === TASKS],
    [
      `10 % lost: each lost one within the safety interval`,
      lossy.lostDelaysMs.every((ms) => ms <= SAFETY_INTERVAL_MS),
    ],
  ] as const;
  for (const [label, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'} ${label}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}
