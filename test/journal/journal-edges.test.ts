import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileJournal } from '../../src/journal/file-journal.js';
import { JournalFold } from '../../src/journal/journal-fold.js';
import type { JournalRecord } from '../../src/journal/journal-record.js';
import { readJournalFile } from '../../src/journal/read-journal-file.js';

// The hostile edges of the journal file (defects 3, 4 and 11 of the hostile-edge issue): a file
// that is not a journal is never changed, a lock whose pid lives again in another process is taken
// over, and every error names the file and the line.

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-journal-edges-'));
  file = path.join(dir, 'tasks.jsonl');
});

afterEach(() => rm(dir, { recursive: true, force: true }));

const intent: JournalRecord = { type: 'intent', at: 1, key: 'k1', params: { prompt: 'a fox' } };
const created: JournalRecord = { type: 'created', at: 2, key: 'k1', id: 'sora_1' };
const line = (record: unknown) => `${JSON.stringify(record)}\n`;

/** Opens the journal, and resolves with what its load gave (records or error) once it is closed. */
async function open(): Promise<readonly JournalRecord[] | { code: unknown; error: Error }> {
  const journal = fileJournal(file, { fsync: false });
  try {
    return await journal.load();
  } catch (error) {
    return { code: (error as { code?: unknown }).code, error: error as Error };
  } finally {
    await journal.close();
  }
}

describe('a file that is not a journal', () => {
  const foreign: Record<string, string> = {
    'a one-line token without newline': 'sk-live-0123456789abcdef',
    'minified JSON': '{"compilerOptions":{"strict":true},"include":["src"]}',
    'a notes file': 'buy milk\ncall Ann\nlast line without newline',
    'JSON lines of something else': '{"level":"info","msg":"up"}\n{"level":"warn","msg":"slow"}\n',
    'a journal header of a newer version': '{"sora-rx-journal":2}\n{"type":"future","at":1}\n',
  };
  for (const [name, content] of Object.entries(foreign)) {
    it(`is refused with SORA_JOURNAL_FOREIGN naming it, and left byte for byte: ${name}`, async () => {
      await writeFile(file, content);
      const loaded = await open();
      expect(loaded).toMatchObject({ code: 'SORA_JOURNAL_FOREIGN' });
      expect((loaded as { error: Error }).error.message).toContain(file);
      expect(await readFile(file, 'utf8')).toBe(content);
      await expect(readJournalFile(file)).rejects.toMatchObject({ code: 'SORA_JOURNAL_FOREIGN' });
      // Nothing written to it either after a refused load.
      const journal = fileJournal(file, { fsync: false });
      await expect(journal.append([intent])).rejects.toThrow();
      await journal.close();
      expect(await readFile(file, 'utf8')).toBe(content);
    });
  }
});

describe('the journal header', () => {
  it('starts a new journal, and an empty file, with {"sora-rx-journal":1}', async () => {
    const journal = fileJournal(file, { fsync: false });
    await journal.load();
    await journal.append([intent]);
    await journal.close();
    expect(await readFile(file, 'utf8')).toBe(`{"sora-rx-journal":1}\n${line(intent)}`);

    await writeFile(file, '');
    expect(await open()).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe('{"sora-rx-journal":1}\n');
  });

  it('reads a journal whose header was torn by a crash as a new one', async () => {
    await writeFile(file, '{"sora-rx-jour');
    expect(await open()).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe('{"sora-rx-journal":1}\n');
  });

  it('accepts a journal of an earlier version (no header, every line a record) without rewriting it', async () => {
    const legacy = `${line(intent)}${line(created)}{"type":"status","at":3,"id":"so`;
    await writeFile(file, legacy);
    expect(await open()).toEqual([intent, created]);
    // Only the torn record is cut, as ever: what was whole is untouched.
    expect(await readFile(file, 'utf8')).toBe(`${line(intent)}${line(created)}`);
    const journal = fileJournal(file, { fsync: false });
    await journal.load();
    await journal.append([intent]);
    await journal.close();
    expect(await readFile(file, 'utf8')).toBe(`${line(intent)}${line(created)}${line(intent)}`);
  });

  it('gives an earlier journal its header when it is compacted, and loses no task', async () => {
    await writeFile(file, `${line(intent)}${line(created)}`);
    const journal = fileJournal(file, { fsync: false });
    const fold = new JournalFold();
    for (const record of await journal.load()) fold.add(record);
    await journal.compact?.(fold.entries());
    await journal.close();
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('{"sora-rx-journal":1}\n')).toBe(true);
    const again = new JournalFold();
    for (const record of (await open()) as JournalRecord[]) again.add(record);
    expect(again.entries()).toEqual(fold.entries());
  });
});

describe('journal errors name the file and the line', () => {
  it('a whole last record of the wrong shape is an error, not a torn record to cut', async () => {
    const content = `{"sora-rx-journal":1}\n${line(intent)}{"type":"entry","at":1}`;
    await writeFile(file, content);
    expect(await open()).toMatchObject({ code: 'SORA_JOURNAL', error: { line: 3 } });
    expect(await readFile(file, 'utf8')).toBe(content);
  });

  it('a last line that is no record, nor the start of one, is an error, not cut', async () => {
    const content = `{"sora-rx-journal":1}\n${line(intent)}my own note`;
    await writeFile(file, content);
    expect(await open()).toMatchObject({ code: 'SORA_JOURNAL', error: { line: 3 } });
    expect(await readFile(file, 'utf8')).toBe(content);
  });

  it('a broken line in the middle: SORA_JOURNAL with `line`', async () => {
    await writeFile(file, `{"sora-rx-journal":1}\n${line(intent)}not json\n${line(created)}`);
    const loaded = await open();
    expect(loaded).toMatchObject({ code: 'SORA_JOURNAL', error: { line: 3 } });
    expect((loaded as { error: Error }).error.message).toMatch(/tasks\.jsonl.* line 3/);
  });

  const wrongShapes: Record<string, unknown> = {
    'an entry record without its entry': { type: 'entry', at: 1 },
    'a created record without key': { type: 'created', at: 1, id: 'sora_1' },
    'a status record with a numeric id': { type: 'status', at: 1, id: 5, status: 'queued' },
    'an intent without params': { type: 'intent', at: 1, key: 'k' },
    'an entry whose key is an object': { type: 'entry', at: 1, entry: { key: {}, since: 1 } },
  };
  for (const [name, record] of Object.entries(wrongShapes)) {
    it(`a record of the wrong shape is SORA_JOURNAL naming its line, never a TypeError: ${name}`, async () => {
      const content = `{"sora-rx-journal":1}\n${line(intent)}${line(record)}${line(created)}`;
      await writeFile(file, content);
      const loaded = await open();
      expect(loaded).toMatchObject({ code: 'SORA_JOURNAL', error: { line: 3 } });
      expect((loaded as { error: Error }).error.message).toContain(file);
      expect((loaded as { error: Error }).error.message).toContain('line 3');
      await expect(readJournalFile(file)).rejects.toMatchObject({ code: 'SORA_JOURNAL', line: 3 });
      expect(await readFile(file, 'utf8')).toBe(content);
    });
  }
});

/** A process that lives until the test ends: its pid is alive, and it holds no lock. */
function startSleeper(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
    stdio: 'ignore',
  });
  sleepers.push(child);
  return child;
}
const sleepers: ChildProcess[] = [];
afterEach(() => {
  for (const child of sleepers.splice(0)) child.kill('SIGKILL');
});

/** The start time of a process, as /proc/<pid>/stat says (field 22). */
function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] as string;
}

describe.runIf(process.platform === 'linux')('a lock whose pid lives again', () => {
  it('is taken over when a live process of the same pid started at another time', async () => {
    const sleeper = startSleeper();
    const pid = sleeper.pid as number;
    await writeFile(`${file}.lock`, `${JSON.stringify({ pid, start: '1' })}\n`);
    expect(await open()).toEqual([]);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('is taken over when it names this very process from an earlier life (pid 1 in a container)', async () => {
    await writeFile(`${file}.lock`, `${JSON.stringify({ pid: process.pid, start: '1' })}\n`);
    expect(await open()).toEqual([]);
  });

  it('is refused while the process that wrote it lives: SORA_JOURNAL_LOCKED, and the lock is kept', async () => {
    const sleeper = startSleeper();
    const pid = sleeper.pid as number;
    const lock = `${JSON.stringify({ pid, start: startTimeOf(pid) })}\n`;
    await writeFile(`${file}.lock`, lock);
    expect(await open()).toMatchObject({ code: 'SORA_JOURNAL_LOCKED', error: { pid } });
    expect(await readFile(`${file}.lock`, 'utf8')).toBe(lock);
  });

  it('an old lock that names a live pid only is still refused', async () => {
    const sleeper = startSleeper();
    await writeFile(`${file}.lock`, `${sleeper.pid}\n`);
    expect(await open()).toMatchObject({ code: 'SORA_JOURNAL_LOCKED' });
  });

  it('the lock it writes names its pid and its start time, and is removed on close', async () => {
    const journal = fileJournal(file, { fsync: false });
    await journal.load();
    const written = JSON.parse(await readFile(`${file}.lock`, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ pid: process.pid, start: startTimeOf(process.pid) });
    await journal.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
