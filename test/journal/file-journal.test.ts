import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import {
  type FileHandle,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileJournal } from '../../src/journal/file-journal.js';
import { JournalFold } from '../../src/journal/journal-fold.js';
import type { JournalRecord } from '../../src/journal/journal-record.js';
import { TaskLog } from '../../src/journal/task-log.js';
import { openFilesUnder } from '../helpers/video-host.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-journal-'));
  file = path.join(dir, 'nested', 'tasks.jsonl');
});

afterEach(() => rm(dir, { recursive: true, force: true }));

const intent: JournalRecord = { type: 'intent', at: 1, key: 'k1', params: { prompt: 'a fox' } };
const created: JournalRecord = { type: 'created', at: 2, key: 'k1', id: 'sora_1' };
const saved: JournalRecord = {
  type: 'saved',
  at: 3,
  id: 'sora_1',
  file: '/videos/sora_1.mp4',
  bytes: 10,
  sha256: 'ab'.repeat(32),
};

/** Writes records with one journal, and closes it (fsync is tested on its own, and slow). */
async function write(...records: JournalRecord[]): Promise<void> {
  const journal = fileJournal(file, { fsync: false });
  await journal.load();
  await journal.append(records);
  await journal.close();
}

/** Loads the journal with a fresh store, and closes it. */
async function load(): Promise<readonly JournalRecord[]> {
  const journal = fileJournal(file, { fsync: false });
  try {
    return await journal.load();
  } finally {
    await journal.close();
  }
}

describe('fileJournal', () => {
  it('keeps the records appended, in order, one JSON line each, across openings', async () => {
    await write(intent, created);
    await write(saved);
    expect(await load()).toEqual([intent, created, saved]);
    const text = await readFile(file, 'utf8');
    // The header, three records, and the empty string after the last newline.
    expect(text.split('\n')).toHaveLength(5);
    expect(text.startsWith('{"sora-rx-journal":1}\n')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('writes with fsync by default, and shares one write among the appends that arrive together', async () => {
    const journal = fileJournal(file);
    await journal.load();
    const records = Array.from(
      { length: 200 },
      (_, i): JournalRecord => ({
        type: 'created',
        at: i,
        key: `k${i}`,
        id: `sora_${i}`,
      }),
    );
    await Promise.all(records.map((record) => journal.append([record])));
    await journal.close();
    expect(await load()).toEqual(records);
  });

  it('loads a journal cut at every byte offset of its last record, and appends after it', async () => {
    await write(intent, created, saved);
    const whole = await readFile(file);
    const lastStart = whole.lastIndexOf(0x0a, whole.length - 2) + 1;
    for (let cut = lastStart; cut <= whole.length; cut++) {
      await writeFile(file, whole.subarray(0, cut));
      const records = await load();
      // Only the whole record counts: a JSON object cut short of its brace never parses.
      const expected = cut >= whole.length - 1 ? [intent, created, saved] : [intent, created];
      expect(records, `cut at byte ${cut}`).toEqual(expected);
      // The torn tail is cut off: what comes next starts on a line of its own.
      await write({ type: 'status', at: 9, id: 'sora_1', status: 'completed' });
      expect((await load()).at(-1), `append after a cut at byte ${cut}`).toMatchObject({
        type: 'status',
      });
    }
  });

  it('fails with SORA_JOURNAL on a broken record before the last', async () => {
    file = path.join(dir, 'broken.jsonl');
    await writeFile(file, `${JSON.stringify(intent)}\n{"type":"crea\n${JSON.stringify(saved)}\n`);
    await expect(load()).rejects.toMatchObject({
      code: 'SORA_JOURNAL',
      message: expect.stringMatching(/broken record on line 2/),
    });
  });

  it('skips records of a type it does not know, from a newer version', async () => {
    file = path.join(dir, 'newer.jsonl');
    await writeFile(file, `${JSON.stringify(intent)}\n{"type":"future","at":1}\n`);
    expect(await load()).toEqual([intent]);
  });

  it('refuses a second opening of the same journal while the first holds it', async () => {
    const first = fileJournal(file);
    await first.load();
    await expect(fileJournal(file).load()).rejects.toMatchObject({
      code: 'SORA_JOURNAL_LOCKED',
      pid: process.pid,
    });
    await first.close();
    await expect(load()).resolves.toEqual([]);
  });

  it('refuses a journal locked by another live process', async () => {
    await write(intent);
    const other = spawnSync(
      process.execPath,
      [
        '-e',
        `require('fs').writeFileSync(${JSON.stringify(`${file}.lock`)}, process.ppid + '\\n')`,
      ],
      { encoding: 'utf8' },
    );
    expect(other.status).toBe(0);
    // The lock names this test's parent process, which is alive.
    await expect(load()).rejects.toMatchObject({ code: 'SORA_JOURNAL_LOCKED' });
    await rm(`${file}.lock`);
  });

  it('takes over a lock left by a process that is gone', async () => {
    await write(intent);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    await writeFile(`${file}.lock`, `${dead.stdout}\n`);
    expect(await load()).toEqual([intent]);
    // Let go again on close: no lock file stays.
    expect((await readdir(path.dirname(file))).filter((name) => name.includes('.lock'))).toEqual(
      [],
    );
  });

  it('compacts into one entry a task, atomically, and keeps what the entries say', async () => {
    const journal = fileJournal(file, { fsync: false });
    const log = new TaskLog(journal, () => 5);
    await log.load();
    const task = (i: number) => ({
      id: 'sora_1',
      object: 'video',
      created: 1,
      model: 'sora-2',
      status: i % 2 === 0 ? ('queued' as const) : ('processing' as const),
      video_url: null,
      error: null,
    });
    await log.recordIntent('k1', { prompt: 'a fox' });
    await log.recordCreated('k1', task(0));
    for (let i = 1; i < 1200; i++) await log.recordTask(task(i));
    const before = await log.entries();
    await log.close();
    const records = await load();
    expect(records.length).toBeLessThan(300);
    const fold = new JournalFold();
    for (const record of records) fold.add(record);
    expect(fold.entries()).toEqual(before);
    expect((await readdir(path.dirname(file))).sort()).toEqual(['tasks.jsonl']);
  });

  it('keeps the records written between the call to compact and its run', async () => {
    const journal = fileJournal(file, { fsync: false });
    await journal.load();
    // Appended, not yet written: a compaction called now runs after that write, to the old file.
    const first = journal.append([intent]);
    const compacted = journal.compact?.([]);
    const second = journal.append([created]);
    await Promise.all([first, compacted, second]);
    await journal.close();
    expect(await load()).toEqual([intent, created]);
  });

  it('ignores a last record cut a few bytes short of its end', async () => {
    await write(intent, created);
    const size = (await readFile(file)).length;
    await truncate(file, size - 3);
    expect(await load()).toEqual([intent]);
  });

  it('checks its options at once', () => {
    expect(() => fileJournal('')).toThrow(/`file`/);
    expect(() => fileJournal(file, { fsync: 'yes' as never })).toThrow(/`fsync`/);
    expect(() => fileJournal(file, { sync: true } as never)).toThrow(/sync/);
  });
});

/** The prototype of the file handles `node:fs/promises` opens, to watch what the journal asks of the disk. */
async function fileHandlePrototype(): Promise<FileHandle> {
  const handle = await open(process.execPath, 'r');
  await handle.close();
  return Object.getPrototypeOf(handle) as FileHandle;
}

describe('fileJournal and its disk', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('fsyncs by default: once for a new file, once for appends that arrive together', async () => {
    const proto = await fileHandlePrototype();
    const datasync = vi.spyOn(proto, 'datasync');
    const write = vi.spyOn(proto, 'write');
    const journal = fileJournal(file);
    await journal.load();
    expect(datasync).toHaveBeenCalledTimes(1);
    const writesBefore = write.mock.calls.length;
    await Promise.all([
      journal.append([intent]),
      journal.append([created]),
      journal.append([saved]),
    ]);
    // Counted once every write queued has run: one write and one fsync for the three.
    await journal.close();
    expect(datasync).toHaveBeenCalledTimes(2);
    expect(write.mock.calls.length - writesBefore).toBe(1);
    expect(await load()).toEqual([intent, created, saved]);
  });

  it('never fsyncs with fsync: false, nor on compaction', async () => {
    const proto = await fileHandlePrototype();
    const datasync = vi.spyOn(proto, 'datasync');
    const journal = fileJournal(file, { fsync: false });
    await journal.load();
    await journal.append([intent]);
    await journal.compact?.([]);
    await journal.close();
    expect(datasync).not.toHaveBeenCalled();
  });

  it('an empty append resolves at once, even on a journal not loaded, and writes nothing', async () => {
    const journal = fileJournal(file, { fsync: false });
    await expect(journal.append([])).resolves.toBeUndefined();
    await journal.close();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses appends before load and after close: SORA_JOURNAL "is closed", nothing written', async () => {
    const journal = fileJournal(file, { fsync: false });
    const before = await journal.append([intent]).catch((error: unknown) => error);
    expect(before).toMatchObject({
      code: 'SORA_JOURNAL',
      message: `The task journal ${file} is closed`,
    });
    expect(before).not.toHaveProperty('cause');
    expect(existsSync(file)).toBe(false);
    await journal.load();
    await journal.close();
    await expect(journal.append([intent])).rejects.toMatchObject({
      message: `The task journal ${file} is closed`,
    });
    expect(await load()).toEqual([]);
  });

  it('refuses a compaction before load: SORA_JOURNAL "is not open", and creates no file', async () => {
    const journal = fileJournal(file, { fsync: false });
    await expect(journal.compact?.([])).rejects.toMatchObject({
      code: 'SORA_JOURNAL',
      message: `The task journal ${file} is not open`,
    });
    await journal.close();
    expect(existsSync(file)).toBe(false);
  });

  it('a journal path that is a folder: SORA_JOURNAL "could not be read" with its cause, and the lock let go', async () => {
    await mkdir(file, { recursive: true });
    for (let time = 0; time < 2; time++) {
      const journal = fileJournal(file, { fsync: false });
      await expect(journal.load()).rejects.toMatchObject({
        code: 'SORA_JOURNAL',
        message: `The task journal ${file} could not be read`,
        cause: { code: 'EISDIR' },
      });
      await journal.close();
      expect(existsSync(`${file}.lock`)).toBe(false);
    }
  });

  it('a write the disk refuses rejects every append of its batch with "could not be written"', async () => {
    const journal = fileJournal(file, { fsync: false });
    await journal.load();
    const proto = await fileHandlePrototype();
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
    });
    vi.spyOn(proto, 'write').mockRejectedValueOnce(full);
    const appends = [journal.append([intent]), journal.append([created])];
    for (const append of appends) {
      await expect(append).rejects.toMatchObject({
        code: 'SORA_JOURNAL',
        message: `The task journal ${file} could not be written`,
        cause: full,
      });
    }
    // The next write goes through.
    await journal.append([saved]);
    await journal.close();
    expect(await load()).toEqual([saved]);
  });

  it('a compaction that cannot rename into place fails with "could not be compacted", leaving no temporary file', async () => {
    const journal = fileJournal(file, { fsync: false });
    await journal.load();
    await journal.append([intent]);
    // The journal's name now holds a folder that is not empty: the rename cannot replace it.
    await rm(file);
    await mkdir(file);
    await writeFile(path.join(file, 'keep'), 'x');
    await expect(journal.compact?.([])).rejects.toMatchObject({
      code: 'SORA_JOURNAL',
      message: `The task journal ${file} could not be compacted`,
      cause: { code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) },
    });
    await journal.close();
    expect((await readdir(path.dirname(file))).sort()).toEqual(['tasks.jsonl']);
  });

  it.runIf(process.platform === 'linux')(
    'compacts through <journal>.<pid>.compact, fsyncs the folder, and keeps nothing open',
    async () => {
      const folder = path.dirname(file);
      const proto = await fileHandlePrototype();
      const synced: string[] = [];
      const sync = proto.sync;
      vi.spyOn(proto, 'sync').mockImplementation(function (this: {
        fd: number;
      }) {
        synced.push(readlinkSync(`/proc/self/fd/${this.fd}`));
        return sync.call(this);
      });
      const seen = new Set<string>();
      const write = proto.write;
      vi.spyOn(proto, 'write').mockImplementation(function (this: unknown, ...args: unknown[]) {
        for (const name of readdirSync(folder)) seen.add(name);
        return Reflect.apply(write, this, args);
      });
      const journal = fileJournal(file, { fsync: false });
      await journal.load();
      await journal.append([intent]);
      await journal.compact?.([]);
      expect(synced).toContain(folder);
      expect(seen).toContain(`tasks.jsonl.${process.pid}.compact`);
      await journal.close();
      expect(openFilesUnder(dir)).toEqual([]);
      expect(await readdir(folder)).toEqual(['tasks.jsonl']);
    },
  );

  it('names the option it refuses', () => {
    for (const file of [5, undefined, null, {}]) {
      expect(() => fileJournal(file as never)).toThrow(
        new TypeError('Expected `file` to be the path of the journal'),
      );
    }
    expect(() => fileJournal(file, { sync: true } as never)).toThrow(
      new TypeError('Unknown option `sync` in `options`; expected one of fsync'),
    );
  });
});
