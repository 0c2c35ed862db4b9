// Scenario a: GET + decode cycles per second against the simulator in its own process, with the
// same number of loops in flight for every client, rows interleaved over several rounds.
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { lastValueFrom } from 'rxjs';
import { Agent, request } from 'undici';
import { formatNumber, formatRatio, median, printTable, sleep, verdict } from './bench-utils.js';
import { core } from './library.js';
import { spawnSimulator } from './spawn-simulator.js';

const { createSoraClient } = core;

const CONCURRENCY = 32;
const TASKS = 64;
const WARMUP_MS = 1_500;
const DURATION_MS = 4_000;
const ROUNDS = 5;
/** Linux reports a process's CPU time in clock ticks of 10 ms. */
const TICK_MS = 10;

interface Row {
  readonly name: string;
  /** One GET of a task, decoded; rejects on any failure. */
  readonly get: (id: string) => Promise<unknown>;
}

interface Sample {
  readonly requestsPerSecond: number;
  readonly cpuMicrosPerRequest: number;
  /** The simulator's CPU time over the wall time: how busy its one thread was. */
  readonly simulatorBusy: number;
}

/** Runs the poll throughput scenario and prints its table. */
export async function runPollThroughput(): Promise<void> {
  const sim = await spawnSimulator({
    dialect: 'openai',
    taskCount: TASKS,
    status: 'processing',
  });
  try {
    const { baseUrl, apiKey, ids } = sim;
    const agent = new Agent({ connections: 64 });
    const sora = createSoraClient({ baseUrl, apiKey, retry: { maxRetries: 0 } });
    const openai = new OpenAI({ apiKey, baseURL: baseUrl, maxRetries: 0 });
    const headers = { authorization: `Bearer ${apiKey}`, accept: 'application/json' };
    const rows: Row[] = [
      {
        name: 'raw undici.request + JSON.parse',
        get: async (id) => {
          const response = await request(`${baseUrl}/videos/${id}`, { headers, dispatcher: agent });
          const text = await response.body.text();
          if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
          return JSON.parse(text);
        },
      },
      { name: 'sora-rx getVideo$ (io-ts decode)', get: (id) => lastValueFrom(sora.getVideo$(id)) },
      { name: 'openai videos.retrieve', get: (id) => openai.videos.retrieve(id) },
    ];

    for (const row of rows) await measure(row, ids, WARMUP_MS, sim.pid);
    const samples = new Map<Row, Sample[]>(rows.map((row) => [row, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with another row, so that no row always runs first or last.
      for (let i = 0; i < rows.length; i++) {
        const row = rows[(round + i) % rows.length] as Row;
        samples.get(row)?.push(await measure(row, ids, DURATION_MS, sim.pid));
        await sleep(200);
      }
    }
    await agent.close();

    const summary = rows.map((row) => {
      const list = samples.get(row) ?? [];
      const rates = list.map((s) => s.requestsPerSecond);
      return {
        row,
        rps: median(rates),
        spread: `${formatNumber(Math.min(...rates))}–${formatNumber(Math.max(...rates))}`,
        cpu: median(list.map((s) => s.cpuMicrosPerRequest)),
        busy: median(list.map((s) => s.simulatorBusy)),
      };
    });
    const ceiling = summary[0]?.rps ?? Number.NaN;
    const soraRatio = (summary[1]?.rps ?? Number.NaN) / ceiling;
    printTable(
      `a) Poll throughput: ${CONCURRENCY} loops in flight, ${DURATION_MS / 1000} s per row, median of ${ROUNDS} interleaved rounds`,
      [
        'client',
        'requests/s (median)',
        'min–max of rounds',
        'client CPU µs/request',
        'simulator CPU busy',
        'ratio to raw undici',
      ],
      summary.map(({ row, rps, spread, cpu, busy }) => [
        row.name,
        formatNumber(rps),
        spread,
        formatNumber(cpu),
        `${formatNumber(busy * 100)} %`,
        formatRatio(rps / ceiling),
      ]),
      [
        `Target: sora-rx ≥ 0.85× raw undici in requests/s: ${formatRatio(soraRatio)}, ${verdict(soraRatio >= 0.85)}.`,
        `Client CPU per request, sora-rx / raw undici: ${formatRatio((summary[1]?.cpu ?? Number.NaN) / (summary[0]?.cpu ?? Number.NaN))}. CPU µs count every thread of this process; the simulator runs in its own.`,
      ],
    );
  } finally {
    await sim.stop();
  }
}

async function measure(
  row: Row,
  ids: readonly string[],
  durationMs: number,
  simPid: number,
): Promise<Sample> {
  let count = 0;
  const simCpuBefore = readProcessCpuMs(simPid);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, loop) => {
      for (let i = loop; performance.now() < deadline; i += CONCURRENCY) {
        await row.get(ids[i % ids.length] as string);
        count += 1;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const simCpuMs = readProcessCpuMs(simPid) - simCpuBefore;
  return {
    requestsPerSecond: (count * 1000) / elapsedMs,
    cpuMicrosPerRequest: (cpu.user + cpu.system) / count,
    simulatorBusy: simCpuMs / elapsedMs,
  };
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
