// Scenario d: saving a large video to disk with download$, against curl on the same URL, and the
// peak RSS of this process while it downloads, at two sizes, to show memory stays flat.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lastValueFrom } from 'rxjs';
import { formatNumber, formatRatio, median, printTable, verdict } from './bench-utils.js';
import { core } from './library.js';
import { spawnSimulator } from './spawn-simulator.js';

const { createSoraClient } = core;

const MB = 1024 * 1024;
const SIZES = [50 * MB, 200 * MB];
const ROUNDS = 7;
const SAMPLE_MS = 50;

interface SizeResult {
  readonly size: number;
  readonly soraMBps: number;
  readonly soraSpread: string;
  readonly curlMBps: number | undefined;
  readonly curlSpread: string;
  readonly rssBefore: number;
  readonly rssPeak: number;
}

/** Runs the download scenario and prints its table. */
export async function runDownload(): Promise<void> {
  const hasCurl = spawnSync('curl', ['--version']).status === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'sora-rx-bench-'));
  const results: SizeResult[] = [];
  try {
    for (const size of SIZES) results.push(await measureSize(size, dir, hasCurl));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const largest = results[results.length - 1] as SizeResult;
  const ratio = largest.curlMBps === undefined ? undefined : largest.soraMBps / largest.curlMBps;
  const growth = results.map((r) => r.rssPeak - r.rssBefore);
  printTable(
    `d) Download to disk: sora.download$(url, { file }) against curl -s -o file, median of ${ROUNDS} alternating rounds`,
    [
      'file',
      'sora-rx MB/s',
      'min–max',
      'curl MB/s',
      'min–max',
      'sora-rx / curl',
      'RSS before',
      'peak RSS while downloading',
      'peak − before',
    ],
    results.map((r) => [
      `${r.size / MB} MB`,
      formatNumber(r.soraMBps),
      r.soraSpread,
      r.curlMBps === undefined ? 'no curl' : formatNumber(r.curlMBps),
      r.curlSpread,
      r.curlMBps === undefined ? '–' : formatRatio(r.soraMBps / r.curlMBps),
      `${formatNumber(r.rssBefore / MB, 1)} MB`,
      `${formatNumber(r.rssPeak / MB, 1)} MB`,
      `${formatNumber((r.rssPeak - r.rssBefore) / MB, 1)} MB`,
    ]),
    [
      ratio === undefined
        ? 'Target ≥ 0.8× curl: not measured, curl is not installed.'
        : `Target: ≥ 0.8× curl at ${largest.size / MB} MB: ${formatRatio(ratio)}, ${verdict(ratio >= 0.8)}.`,
      `RSS stays flat as the file grows: peak − before is ${growth.map((g) => `${formatNumber(g / MB, 1)} MB`).join(' and ')} for ${SIZES.map((s) => `${s / MB} MB`).join(' and ')}.`,
      'MB = 2^20 bytes; curl times include starting its process. RSS sampled every 50 ms.',
    ],
  );
}

async function measureSize(size: number, dir: string, hasCurl: boolean): Promise<SizeResult> {
  const sim = await spawnSimulator({
    dialect: 'seed',
    taskCount: 1,
    status: 'completed',
    videoBytes: size,
  });
  try {
    const url = sim.videoUrls[0] as string;
    const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
    const file = path.join(dir, 'video.mp4');
    const soraDownload = async () => {
      const started = performance.now();
      await lastValueFrom(sora.download$(url, { file }));
      return finish(file, size, started);
    };
    const curlDownload = async () => {
      const started = performance.now();
      const curl = spawn('curl', ['-s', '-o', file, url], { stdio: 'ignore' });
      const [code] = (await once(curl, 'exit')) as [number | null];
      if (code !== 0) throw new Error(`curl exited with ${String(code)}`);
      return finish(file, size, started);
    };

    // A first run of each warms the page cache, the JIT and the simulator.
    await soraDownload();
    if (hasCurl) await curlDownload();
    // No forced collection for the baseline: after global.gc(), V8 keeps the tight heap limits of
    // a process that holds nothing, and then runs a full collection every few socket reads (45
    // instead of 2 over six 200 MB downloads), a state no app is in.
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, SAMPLE_MS);
    const soraSpeeds: number[] = [];
    const curlSpeeds: number[] = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which goes first, so that neither always meets a warmer disk cache.
        if (round % 2 === 1 && hasCurl) curlSpeeds.push(await curlDownload());
        soraSpeeds.push(await soraDownload());
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        if (round % 2 === 0 && hasCurl) curlSpeeds.push(await curlDownload());
      }
    } finally {
      clearInterval(sampler);
    }
    return {
      size,
      soraMBps: median(soraSpeeds),
      soraSpread: spread(soraSpeeds),
      curlMBps: hasCurl ? median(curlSpeeds) : undefined,
      curlSpread: hasCurl ? spread(curlSpeeds) : '–',
      rssBefore,
      rssPeak,
    };
  } finally {
    await sim.stop();
  }
}

function spread(speeds: readonly number[]): string {
  return `${formatNumber(Math.min(...speeds))}–${formatNumber(Math.max(...speeds))}`;
}

/** Checks the file is whole, deletes it, and returns the speed in MB/s. */
function finish(file: string, size: number, started: number): number {
  const seconds = (performance.now() - started) / 1000;
  const written = statSync(file).size;
  unlinkSync(file);
  if (written !== size) throw new Error(`Expected ${size} bytes in ${file}, got ${written}`);
  return size / MB / seconds;
}
