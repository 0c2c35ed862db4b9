import { linkSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { SoraJournalError, SoraJournalLockedError } from '../errors/journal-errors.js';

/** How long a lock file without a pid (its writer stopped between creating and writing it) is young. */
const EMPTY_LOCK_GRACE_MS = 10_000;

/** Who holds a lock, as its file says: the text as read, and the owner it names. */
interface LockOwner {
  /** The file's whole text, to tell this lock from one written in its place. */
  readonly text: string;
  /** The holder's pid, or `undefined` when the file names none (its writer stopped first). */
  readonly pid: number | undefined;
  /** When the holder started, as its system counts (`/proc/<pid>/stat`), where known. */
  readonly start: string | undefined;
  /** The boot the holder ran in (`/proc/sys/kernel/random/boot_id`), where known. */
  readonly boot: string | undefined;
}

/**
 * What a lock file says. Its text is `{"pid":…,"start":…,"boot":…}`; a lock of an earlier
 * version holds the pid alone, and is read as such.
 */
function readLock(lockPath: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch {
    return undefined;
  }
  const bare = Number(text.trim());
  if (/^\d+$/.test(text.trim()))
    return { text, pid: asPid(bare), start: undefined, boot: undefined };
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return {
      text,
      pid: asPid(value.pid),
      start: typeof value.start === 'string' ? value.start : undefined,
      boot: typeof value.boot === 'string' ? value.boot : undefined,
    };
  } catch {
    return { text, pid: undefined, start: undefined, boot: undefined };
  }
}

function asPid(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * When a process started, in clock ticks since boot: field 22 of `/proc/<pid>/stat` (after the
 * command name, which may hold spaces and parentheses). `undefined` where there is no `/proc`
 * (macOS, Windows) or no such process: the pid alone then decides.
 */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = fields[19];
    return start !== undefined && /^\d+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

/** The id of this boot of the machine, where the system says (Linux). */
function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The text of this process's lock: its pid, and what tells it from a later process of that pid. */
function ownLockText(): string {
  const start = processStartTime(process.pid);
  const boot = bootId();
  return `${JSON.stringify({ pid: process.pid, ...(start && { start }), ...(boot && { boot }) })}\n`;
}

/** Whether a process with this pid runs (one of another user's included). */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a lock file is left by a process that is gone. A pid alone does not tell: in a
 * container restarted, pid 1 (or any pid) is soon another process's, this one's included. So a
 * lock written in another boot is stale, and so is one whose pid runs but started at another time
 * than the lock's writer. Where the system tells neither, a live pid holds the lock.
 */
function isStale(lockPath: string, owner: LockOwner | undefined): boolean {
  const pid = owner?.pid;
  if (owner === undefined || pid === undefined) {
    try {
      return Date.now() - statSync(lockPath).mtimeMs > EMPTY_LOCK_GRACE_MS;
    } catch {
      return true;
    }
  }
  const boot = bootId();
  if (owner.boot !== undefined && boot !== undefined && owner.boot !== boot) return true;
  if (pid !== process.pid && !isProcessAlive(pid)) return true;
  const start = owner.start === undefined ? undefined : processStartTime(pid);
  return start !== undefined && start !== owner.start;
}

/**
 * Takes the lock of a journal: the file `<journal>.lock`, created exclusively (`wx`) and holding
 * this process's pid, its start time and the boot id (where the system says, as on Linux). A lock
 * left by a process that is gone (killed, crashed, or of an earlier boot or container run whose
 * pid now belongs to another process) is taken over; one held by a live process, this one
 * included, is refused with `SORA_JOURNAL_LOCKED`. Resolves with
 * the function that lets go of it, which also runs when the process exits.
 */
export async function acquireJournalLock(journalPath: string): Promise<() => void> {
  const lockPath = `${journalPath}.lock`;
  const own = ownLockText();
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(own);
        await handle.sync();
      } finally {
        await handle.close();
      }
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        process.off('exit', release);
        if (readLock(lockPath)?.text === own) {
          try {
            unlinkSync(lockPath);
          } catch {
            // Already gone.
          }
        }
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new SoraJournalError(journalPath, 'could not be locked', { cause: error });
      }
    }
    const owner = readLock(lockPath);
    if (!isStale(lockPath, owner)) throw new SoraJournalLockedError(journalPath, owner?.pid);
    takeOverStaleLock(lockPath, owner?.text);
  }
  throw new SoraJournalLockedError(journalPath, readLock(lockPath)?.pid);
}

/**
 * Moves a stale lock aside, so that the next `wx` can create it afresh. Two processes may find the
 * same stale lock: the rename lets one of them move it; should the other move a lock just taken
 * in between, it puts that lock back.
 */
function takeOverStaleLock(lockPath: string, staleText: string | undefined): void {
  const aside = `${lockPath}.${process.pid}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // Another process moved it first.
  }
  if (readLock(aside)?.text !== staleText) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // A third process took the lock meanwhile: it holds it now.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Already gone.
  }
}
