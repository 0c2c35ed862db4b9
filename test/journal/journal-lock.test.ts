import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acquireJournalLock } from '../../src/journal/journal-lock.js';
import { openFilesUnder } from '../helpers/video-host.js';

// The lock of a file journal, taken in this process: who holds it, when it is stale, how it is
// taken over and let go. (Locks held by other processes: file-journal and journal-edges tests.)

let dir: string;
let file: string;
let lock: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-journal-lock-'));
  file = path.join(dir, 'tasks.jsonl');
  lock = `${file}.lock`;
});

afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

const linux = process.platform === 'linux';

/** This process's start time, as /proc/<pid>/stat says (field 22). */
function ownStart(): string {
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] as string;
}

/** The id of this boot. */
function ownBoot(): string {
  return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
}

/** A pid no process has (the pid of a process that ran and ended). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

/** Sets a file's times `ms` into the past, to whole seconds. */
async function age(target: string, ms: number): Promise<void> {
  const seconds = Math.floor((Date.now() - ms) / 1000);
  await utimes(target, seconds, seconds);
}

/** Takes the lock, and resolves with what it gave or the error it failed with. */
async function attempt(): Promise<{ release?: () => void; error?: Record<string, unknown> }> {
  try {
    return { release: await acquireJournalLock(file) };
  } catch (error) {
    return { error: error as Record<string, unknown> };
  }
}

describe.runIf(linux)('the lock a journal writes', () => {
  it('names the pid, its start time and the boot, exactly, and is removed on release', async () => {
    const release = await acquireJournalLock(file);
    const text = await readFile(lock, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ pid: process.pid, start: ownStart(), boot: ownBoot() });
    // The file is closed once written.
    expect(openFilesUnder(dir)).not.toContain(lock);
    expect(openFilesUnder(dir)).toEqual([]);
    release();
    expect(existsSync(lock)).toBe(false);
  });

  it('lets go when the process exits, and no longer once released', async () => {
    const before = process.listeners('exit').length;
    const release = await acquireJournalLock(file);
    expect(process.listeners('exit')).toContain(release);
    release();
    expect(process.listeners('exit')).not.toContain(release);
    expect(process.listeners('exit')).toHaveLength(before);
  });

  it('a release called twice does not remove a lock taken again in between', async () => {
    const first = await acquireJournalLock(file);
    first();
    const second = await acquireJournalLock(file);
    first();
    expect(existsSync(lock)).toBe(true);
    expect(await attempt()).toMatchObject({ error: { code: 'SORA_JOURNAL_LOCKED' } });
    second();
    expect(existsSync(lock)).toBe(false);
  });

  it('a release leaves a lock written in its place by another process', async () => {
    const release = await acquireJournalLock(file);
    const other = `${JSON.stringify({ pid: deadPid() })}\n`;
    await writeFile(lock, other);
    release();
    expect(await readFile(lock, 'utf8')).toBe(other);
  });

  it('a release does not fail when the lock is already gone', async () => {
    const release = await acquireJournalLock(file);
    await rm(lock);
    expect(() => release()).not.toThrow();
    expect(existsSync(lock)).toBe(false);
  });

  it('fails with SORA_JOURNAL, naming the journal, when the lock cannot be created', async () => {
    file = path.join(dir, 'missing', 'tasks.jsonl');
    const { error } = await attempt();
    expect(error).toMatchObject({
      code: 'SORA_JOURNAL',
      message: `The task journal ${file} could not be locked`,
      cause: { code: 'ENOENT' },
    });
  });
});

describe.runIf(linux)('a lock held by this process, as its file says', () => {
  it('is refused while this process holds it: SORA_JOURNAL_LOCKED with the pid', async () => {
    const release = await acquireJournalLock(file);
    const { error } = await attempt();
    expect(error).toMatchObject({ code: 'SORA_JOURNAL_LOCKED', pid: process.pid });
    expect(error?.message).toContain(`in use by process ${process.pid}`);
    release();
  });

  it('an old lock of the pid alone, or of the pid and start time only, is refused', async () => {
    for (const text of [
      `${process.pid}\n`,
      `${JSON.stringify({ pid: process.pid })}\n`,
      `${JSON.stringify({ pid: process.pid, start: ownStart() })}\n`,
      `${JSON.stringify({ pid: process.pid, start: ownStart(), boot: ownBoot() })}\n`,
    ]) {
      await writeFile(lock, text);
      await age(lock, 60_000);
      expect(await attempt(), text).toMatchObject({
        error: { code: 'SORA_JOURNAL_LOCKED', pid: process.pid },
      });
      expect(await readFile(lock, 'utf8')).toBe(text);
    }
  });

  it('is taken over when written in another boot', async () => {
    await writeFile(
      lock,
      `${JSON.stringify({ pid: process.pid, start: ownStart(), boot: 'another-boot' })}\n`,
    );
    const { release, error } = await attempt();
    expect(error).toBeUndefined();
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ boot: ownBoot() });
    release?.();
  });

  it('a start time or boot that is not a string is not read, and the live pid holds the lock', async () => {
    for (const extra of [{ start: Number(ownStart()) }, { boot: 12 }, { start: 1, boot: 1 }]) {
      const text = `${JSON.stringify({ pid: process.pid, ...extra })}\n`;
      await writeFile(lock, text);
      expect(await attempt(), text).toMatchObject({
        error: { code: 'SORA_JOURNAL_LOCKED', pid: process.pid },
      });
    }
  });

  it('a lock of another pid that is gone is taken over, whatever its boot says', async () => {
    await writeFile(lock, `${JSON.stringify({ pid: deadPid(), boot: ownBoot() })}\n`);
    const { release } = await attempt();
    expect(release).toBeTypeOf('function');
    release?.();
  });
});

describe.runIf(linux)('a lock that names no pid', () => {
  const noPid: Record<string, string> = {
    'no text': '',
    'text that is no lock': 'not a lock\n',
    'a number written with an exponent': `${process.pid}e0\n`,
    'a pid of 0': '{"pid":0}\n',
    'a negative pid': '{"pid":-1}\n',
    'a fractional pid': '{"pid":1.5}\n',
    'a pid as a string': `{"pid":"${process.pid}"}\n`,
    'a pid beyond safe integers': '{"pid":9007199254740993}\n',
    'JSON without a pid': '{"start":"1"}\n',
  };

  for (const [name, text] of Object.entries(noPid)) {
    it(`is young for 10 s, and refused meanwhile without a pid: ${name}`, async () => {
      await writeFile(lock, text);
      const { error } = await attempt();
      expect(error).toMatchObject({ code: 'SORA_JOURNAL_LOCKED', pid: undefined });
      expect(error?.message).toContain('in use by another process');
      expect(await readFile(lock, 'utf8')).toBe(text);
    });

    it(`is taken over once older than 10 s: ${name}`, async () => {
      await writeFile(lock, text);
      await age(lock, 60_000);
      const { release, error } = await attempt();
      expect(error).toBeUndefined();
      expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid });
      release?.();
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it('is young up to 10 s exactly, and stale a millisecond later', async () => {
    await writeFile(lock, 'not a lock\n');
    const seconds = Math.floor(Date.now() / 1000) - 100;
    await utimes(lock, seconds, seconds);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(seconds * 1000 + 10_000);
    expect(await attempt()).toMatchObject({ error: { code: 'SORA_JOURNAL_LOCKED' } });
    vi.setSystemTime(seconds * 1000 + 10_001);
    const { release } = await attempt();
    expect(release).toBeTypeOf('function');
    release?.();
  });

  it('a directory in the lock’s place is refused while young, and moved aside once old', async () => {
    await mkdir(lock);
    expect(await attempt()).toMatchObject({
      error: { code: 'SORA_JOURNAL_LOCKED', pid: undefined },
    });
    await age(lock, 60_000);
    const { release } = await attempt();
    expect(release).toBeTypeOf('function');
    release?.();
  });

  it('a dangling symlink in the lock’s place is stale at once, and removed', async () => {
    await symlink(path.join(dir, 'nowhere'), lock);
    const { release, error } = await attempt();
    expect(error).toBeUndefined();
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid });
    release?.();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe.runIf(linux)('taking over a stale lock', () => {
  it('gives up after a few attempts when the stale lock cannot be moved aside', async () => {
    await symlink(path.join(dir, 'nowhere'), lock);
    // The name the stale lock is moved to is taken by a folder that is not empty.
    const aside = `${lock}.${process.pid}.stale`;
    await mkdir(aside);
    await writeFile(path.join(aside, 'keep'), 'x');
    const { error } = await attempt();
    expect(error).toMatchObject({ code: 'SORA_JOURNAL_LOCKED', pid: undefined });
    expect(readFileSync(path.join(aside, 'keep'), 'utf8')).toBe('x');
  });

  it('never removes a file at the name it moves locks to when it could not move one there', async () => {
    await mkdir(lock);
    await age(lock, 60_000);
    const aside = `${lock}.${process.pid}.stale`;
    await writeFile(aside, 'not ours');
    expect(await attempt()).toMatchObject({ error: { code: 'SORA_JOURNAL_LOCKED' } });
    expect(await readFile(aside, 'utf8')).toBe('not ours');
  });

  it('puts back a lock that changed between reading it and moving it, and refuses', async () => {
    // Each reading of this lock gives another text, as if another process wrote it meanwhile.
    await symlink('/proc/sys/kernel/random/uuid', lock);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_600_000 * 24 * 365);
    const { error } = await attempt();
    expect(error).toMatchObject({ code: 'SORA_JOURNAL_LOCKED', pid: undefined });
    expect(readlinkSync(lock)).toBe('/proc/sys/kernel/random/uuid');
    expect(readdirSync(dir)).toEqual(['tasks.jsonl.lock']);
  });
});
