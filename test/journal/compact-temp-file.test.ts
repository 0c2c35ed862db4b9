import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileJournal } from '../../src/journal/file-journal.js';
import { JournalFold } from '../../src/journal/journal-fold.js';
import type { JournalRecord } from '../../src/journal/journal-record.js';

let dir: string;
let file: string;
/** The temporary name compaction used to open with 'w'. */
let temp: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-compact-'));
  await mkdir(path.join(dir, 'journals'));
  file = path.join(dir, 'journals', 'tasks.jsonl');
  temp = `${file}.${process.pid}.compact`;
});

afterEach(() => rm(dir, { recursive: true, force: true }));

const intent: JournalRecord = { type: 'intent', at: 1, key: 'k1', params: { prompt: 'a fox' } };

/** Appends a record, compacts, closes: the journal then holds one entry. */
async function appendAndCompact(): Promise<void> {
  const journal = fileJournal(file, { fsync: false });
  await journal.load();
  await journal.append([intent]);
  const fold = new JournalFold();
  fold.add(intent);
  await journal.compact?.(fold.entries());
  await journal.close();
}

/** The records of the journal, as a fresh opening reads them. */
async function load(): Promise<readonly JournalRecord[]> {
  const journal = fileJournal(file, { fsync: false });
  try {
    return await journal.load();
  } finally {
    await journal.close();
  }
}

/** The journal holds the one entry compaction wrote, and no longer the intent record. */
async function expectCompacted(): Promise<void> {
  expect((await load()).map((record) => record.type)).toEqual(['entry']);
}

describe('compaction and its temporary file', () => {
  it('never writes through a symlink planted at its temporary name', async () => {
    const victim = path.join(dir, 'victim.txt');
    await writeFile(victim, 'precious data\n');
    await symlink(victim, temp);
    await appendAndCompact();
    expect(await readFile(victim, 'utf8')).toBe('precious data\n');
    expect((await lstat(temp)).isSymbolicLink()).toBe(true);
    await expectCompacted();
  });

  it('creates nothing where a dangling symlink points', async () => {
    const target = path.join(dir, 'created-by-the-link');
    await symlink(target, temp);
    await appendAndCompact();
    await expect(lstat(target)).rejects.toMatchObject({ code: 'ENOENT' });
    await expectCompacted();
  });

  it('removes a stale regular temporary file left by a crash, and leaves no temporary file', async () => {
    await writeFile(temp, 'half a compaction');
    await appendAndCompact();
    expect(await readdir(path.dirname(file))).toEqual(['tasks.jsonl']);
    await expectCompacted();
  });
});
