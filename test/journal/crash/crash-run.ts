import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileJournal } from '../../../src/journal/file-journal.js';
import { JournalFold } from '../../../src/journal/journal-fold.js';
import { readJournalFile } from '../../../src/journal/read-journal-file.js';
import { createRandom } from '../../../src/testing/simulator/random.js';
import { bundleForNode } from '../../helpers/bundle-for-node.js';
import type { CrashSimConfig, CrashSimReady, CrashSimReport } from './sim-child.js';

const SIM = fileURLToPath(new URL('./sim-child.ts', import.meta.url));
const CLIENT = fileURLToPath(new URL('./client-child.ts', import.meta.url));

let built: Promise<{ sim: string; client: string }> | undefined;
let buildDir: string | undefined;

/**
 * The child processes, bundled once into plain ESM: a process then starts in a fifth of a second,
 * where `--import tsx` takes seconds on a busy machine, and the kill points stay close together.
 * Removed by {@link removeChildren}.
 */
function buildChildren(): Promise<{ sim: string; client: string }> {
  built ??= (async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'sora-rx-crash-build-'));
    buildDir = out;
    const scripts = await bundleForNode({
      entryPoints: { 'sim-child': SIM, 'client-child': CLIENT },
      outDir: out,
    });
    return { sim: scripts['sim-child'], client: scripts['client-child'] };
  })();
  return built;
}

/** Removes the bundled child processes, once every crash run is over. */
export async function removeChildren(): Promise<void> {
  await built?.catch(() => {});
  if (buildDir !== undefined) await rm(buildDir, { recursive: true, force: true });
  built = undefined;
  buildDir = undefined;
}

/** Where the client process is killed. */
export type KillPoint = 'mid-create' | 'mid-watch' | 'mid-download';

/** One crash run: how many videos, where to kill, and the seed of every choice. */
export interface CrashRunOptions {
  readonly point: KillPoint;
  readonly seed: number;
  readonly count: number;
  readonly videoBytes: number;
}

/** What a crash run found, for the test to check. */
export interface CrashRunResult {
  /** What the killed process had printed. */
  readonly killedAfter: string;
  /** The part files on disk right after the kill. */
  readonly partsAfterKill: number;
  /** The creates the journal held without an answer right after the kill. */
  readonly uncertainAfterKill: number;
  /** What the resuming process printed last. */
  readonly resumed: { saved: number; errors: string[] };
  /** The simulator's tasks and creates by key. */
  readonly report: CrashSimReport;
  /** The files of the video folder, with the SHA-256 of each. */
  readonly files: ReadonlyMap<string, string>;
  /** The SHA-256 of the video the simulator serves. */
  readonly videoSha256: string;
  /** The journal's entries, read after the resume. */
  readonly entries: ReturnType<JournalFold['entries']>;
}

function node(script: string, args: string[], ipc = false): ChildProcess {
  return spawn(process.execPath, [script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? (['ipc'] as const) : [])],
  });
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) =>
      reject(new Error(`the simulator exited (${code}) before ${type}`)),
    );
  });
}

/** Calls `onLine` for each line the child prints; resolves with everything once it exits. */
function readLines(child: ChildProcess, onLine: (line: string) => void): Promise<string> {
  let text = '';
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  return once(child, 'close').then(() => text);
}

/**
 * Runs a client process that creates, watches and saves `count` videos against a simulator in a
 * process of its own, kills it with SIGKILL at `point`, then resumes in a new process; returns
 * what is on disk, in the journal and in the simulator.
 */
export async function runCrash(options: CrashRunOptions): Promise<CrashRunResult> {
  const { point, seed, count, videoBytes } = options;
  const draw = createRandom(seed);
  const work = await mkdtemp(path.join(tmpdir(), `sora-rx-crash-${point}-`));
  const dir = path.join(work, 'videos');
  const journalPath = path.join(work, 'tasks.jsonl');
  const config: CrashSimConfig = { seed, timeScale: 4000, videoBytes };
  const children = await buildChildren();
  const sim = node(children.sim, [JSON.stringify(config)], true);
  try {
    const ready = await nextMessage<CrashSimReady>(sim, 'ready');
    const args = [ready.baseUrl, ready.apiKey, journalPath, dir, String(count)];

    // The client kills itself at a seeded step of `point`: some creates answered and the next
    // one cut between the server and the journal; every task created and being watched; some
    // videos saved and another mid-file.
    const nth = 1 + Math.floor(draw() * (count / 3));
    const client = node(children.client, ['run', ...args, point, String(nth)]);
    const killedAfter = await readLines(client, () => {});
    if (client.signalCode !== 'SIGKILL') {
      throw new Error(`the client was not killed at ${point} (seed ${seed}):\n${killedAfter}`);
    }
    const partsAfterKill = (await readdir(dir).catch(() => [] as string[])).filter((name) =>
      name.endsWith('.part'),
    ).length;
    const killedFold = new JournalFold();
    for (const record of await readJournalFile(journalPath)) killedFold.add(record);
    const uncertainAfterKill = killedFold
      .entries()
      .filter((entry) => entry.id === undefined).length;

    const resumer = node(children.client, ['resume', ...args]);
    const output = await readLines(resumer, () => {});
    const last = output.trim().split('\n').at(-1) ?? '';
    if (resumer.exitCode !== 0 || !last.startsWith('resumed ')) {
      throw new Error(`the resume failed (seed ${seed}):\n${output}`);
    }
    const resumed = JSON.parse(last.slice('resumed '.length)) as CrashRunResult['resumed'];

    const reportReply = nextMessage<CrashSimReport>(sim, 'report');
    sim.send({ type: 'report' });
    const report = await reportReply;

    const files = new Map<string, string>();
    for (const name of await readdir(dir)) {
      const bytes = await readFile(path.join(dir, name));
      files.set(name, createHash('sha256').update(bytes).digest('hex'));
    }
    const journal = fileJournal(journalPath);
    const fold = new JournalFold();
    for (const record of await journal.load()) fold.add(record);
    await journal.close();
    return {
      killedAfter,
      partsAfterKill,
      uncertainAfterKill,
      resumed,
      report,
      files,
      videoSha256: ready.videoSha256,
      entries: fold.entries(),
    };
  } finally {
    sim.disconnect();
    await rm(work, { recursive: true, force: true });
  }
}
