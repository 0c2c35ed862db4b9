// Scenario e: what the task journal costs. Creates against the simulator (in its own process)
// without a journal, with the file journal and fsync, and with it without fsync, one at a time
// and 100 at once, in alternating rounds; then loading a journal of 100,000 records, and its size
// per task before and after compaction.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lastValueFrom, mergeMap, range, toArray } from 'rxjs';
import { fileJournal } from '../../src/journal/file-journal.js';
import type { JournalRecord } from '../../src/journal/journal-record.js';
import { TaskLog } from '../../src/journal/task-log.js';
import { formatNumber, median, printMarkdownTable, verdict } from './bench-utils.js';
import { core } from './library.js';
import { spawnSimulator } from './spawn-simulator.js';

const { createSoraClient } = core;

const ROUNDS = 5;
const SEQUENTIAL = 200;
const CONCURRENT = 1000;
const AT_ONCE = 100;
const LOAD_RECORDS = 100_000;

type Mode = 'none' | 'fsync' | 'no fsync';
const MODES: readonly Mode[] = ['none', 'fsync', 'no fsync'];

/** Runs the journal scenario and prints its tables. */
export async function runJournal(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sora-rx-bench-journal-'));
  try {
    await measureCreates(dir);
    await measureLoad(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureCreates(dir: string): Promise<void> {
  const sim = await spawnSimulator({ dialect: 'openai', taskCount: 0, status: 'queued' });
  const sequential = new Map<Mode, number[]>(MODES.map((mode) => [mode, []]));
  const concurrent = new Map<Mode, number[]>(MODES.map((mode) => [mode, []]));
  let bytesPerCreate = 0;
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      // Each round changes which mode goes first; round 0 warms up and is not counted.
      const order = MODES.map((_, i) => MODES[(i + round) % MODES.length] as Mode);
      for (const mode of order) {
        const file = path.join(dir, `${mode.replace(' ', '-')}-${round}.jsonl`);
        const journal =
          mode === 'none' ? undefined : fileJournal(file, { fsync: mode === 'fsync' });
        const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, journal });
        await journal?.load();
        let started = performance.now();
        for (let i = 0; i < SEQUENTIAL; i++) {
          await lastValueFrom(sora.createVideo$({ prompt: `one at a time ${i}` }));
        }
        const oneMs = (performance.now() - started) / SEQUENTIAL;
        started = performance.now();
        await lastValueFrom(
          range(0, CONCURRENT).pipe(
            mergeMap((i) => sora.createVideo$({ prompt: `at once ${i}` }), AT_ONCE),
            toArray(),
          ),
        );
        const manyMs = (performance.now() - started) / CONCURRENT;
        await journal?.close();
        if (round === 0) continue;
        sequential.get(mode)?.push(oneMs);
        concurrent.get(mode)?.push(manyMs);
        if (mode === 'fsync') bytesPerCreate = statSync(file).size / (SEQUENTIAL + CONCURRENT);
      }
    }
  } finally {
    await sim.stop();
  }
  const added = (value: number, decimals: number) =>
    `${value < 0 ? '−' : '+'}${formatNumber(Math.abs(value), decimals)}`;
  const none = median(sequential.get('none') ?? []);
  const noneMany = median(concurrent.get('none') ?? []);
  const rows = MODES.map((mode) => {
    const one = median(sequential.get(mode) ?? []);
    const many = median(concurrent.get(mode) ?? []);
    return [
      mode === 'none' ? 'no journal' : `fileJournal, ${mode}`,
      formatNumber(one, 2),
      mode === 'none' ? '-' : added(one - none, 2),
      formatNumber(many, 3),
      mode === 'none' ? '-' : added(many - noneMany, 3),
    ];
  });
  printMarkdownTable(
    'e) Journal cost per create (median of 5 rounds)',
    [
      'journal',
      'ms per create, one at a time',
      'added',
      `ms per create, ${AT_ONCE} at once`,
      'added',
    ],
    rows,
    [
      `${SEQUENTIAL} creates one after the other, then ${CONCURRENT} with ${AT_ONCE} in flight, per mode and round.`,
      `Journal bytes per create (intent, created, status): ${formatNumber(bytesPerCreate)} B.`,
    ],
  );
}

async function measureLoad(dir: string): Promise<void> {
  const file = path.join(dir, 'large.jsonl');
  const tasks = LOAD_RECORDS / 5;
  const lines: string[] = [];
  const at = Date.now();
  for (let i = 0; i < tasks; i++) {
    const key = `0f8fad5b-d9cb-469f-a165-${String(i).padStart(12, '0')}`;
    const id = `video_68d7512d07848190b3e45da0ecbebcde${String(i).padStart(8, '0')}`;
    const records: JournalRecord[] = [
      {
        type: 'intent',
        at,
        key,
        params: { prompt: `A calico cat playing a piano on stage, take ${i}`, seconds: 8 },
      },
      { type: 'created', at, key, id },
      { type: 'status', at, id, status: 'queued', videoUrl: null, error: null, progress: 0 },
      { type: 'status', at, id, status: 'completed', videoUrl: null, error: null, progress: 100 },
      {
        type: 'saved',
        at,
        id,
        file: `/home/user/videos/${id}.mp4`,
        bytes: 3_145_728,
        sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      },
    ];
    for (const record of records) lines.push(`${JSON.stringify(record)}\n`);
  }
  writeFileSync(file, lines.join(''));
  const rawBytes = statSync(file).size;

  const loads: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const log = new TaskLog(fileJournal(file));
    const started = performance.now();
    const fold = await log.load();
    const ms = performance.now() - started;
    if (fold.size !== tasks) throw new Error(`Expected ${tasks} tasks, got ${fold.size}`);
    await log.close();
    if (round > 0) loads.push(ms);
  }
  // Compacted: one line per task.
  const journal = fileJournal(file);
  const log = new TaskLog(journal);
  await journal.compact?.(await log.entries());
  await log.close();
  const compactBytes = statSync(file).size;
  const compactLoads: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const again = new TaskLog(fileJournal(file));
    const started = performance.now();
    await again.load();
    const ms = performance.now() - started;
    await again.close();
    if (round > 0) compactLoads.push(ms);
  }
  const loadMs = median(loads);
  printMarkdownTable(
    `e) Loading a journal of ${formatNumber(LOAD_RECORDS)} records (${formatNumber(tasks)} tasks, median of 5)`,
    ['journal', 'size', 'bytes per task', 'load and fold, ms'],
    [
      [
        `${formatNumber(LOAD_RECORDS)} records`,
        `${formatNumber(rawBytes / 1024 / 1024, 1)} MB`,
        formatNumber(rawBytes / tasks),
        formatNumber(loadMs),
      ],
      [
        `compacted, ${formatNumber(tasks)} entries`,
        `${formatNumber(compactBytes / 1024 / 1024, 1)} MB`,
        formatNumber(compactBytes / tasks),
        formatNumber(median(compactLoads)),
      ],
    ],
    [`Load of ${formatNumber(LOAD_RECORDS)} records < 1 s: ${verdict(loadMs < 1000)}.`],
  );
}
