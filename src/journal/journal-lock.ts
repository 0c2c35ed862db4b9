import { linkSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { SoraJournalError, SoraJournalLockedError } from '../errors/journal-errors.js';

/** How long a lock file without a pid (its writer stopped between creating and writing it) is young. */
const EMPTY_LOCK_GRACE_MS = 10_000;

/** The pid a lock file names, or `undefined` when it names none (or is gone). */
function readLockPid(lockPath: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
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

/** Whether a lock file is left by a process that is gone. */
function isStale(lockPath: string, pid: number | undefined): boolean {
  if (pid !== undefined) return pid !== process.pid && !isProcessAlive(pid);
  try {
    return Date.now() - statSync(lockPath).mtimeMs > EMPTY_LOCK_GRACE_MS;
  } catch {
    return true;
  }
}

/**
 * Takes the lock of a journal: the file `<journal>.lock`, created exclusively (`wx`) and holding
 * this process's pid. A lock left by a process that is gone (killed, crashed) is taken over; one
 * held by a live process, this one included, is refused with `SORA_JOURNAL_LOCKED`. Resolves with
 * the function that lets go of it, which also runs when the process exits.
 */
export async function acquireJournalLock(journalPath: string): Promise<() => void> {
  const lockPath = `${journalPath}.lock`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        process.off('exit', release);
        if (readLockPid(lockPath) === process.pid) {
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
    const pid = readLockPid(lockPath);
    if (!isStale(lockPath, pid)) throw new SoraJournalLockedError(journalPath, pid);
    takeOverStaleLock(lockPath, pid);
  }
  throw new SoraJournalLockedError(journalPath, readLockPid(lockPath));
}

/**
 * Moves a stale lock aside, so that the next `wx` can create it afresh. Two processes may find the
 * same stale lock: the rename lets one of them move it; should the other move a lock just taken
 * in between, it puts that lock back.
 */
function takeOverStaleLock(lockPath: string, stalePid: number | undefined): void {
  const aside = `${lockPath}.${process.pid}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // Another process moved it first.
  }
  const moved = readLockPid(aside);
  if (moved !== stalePid) {
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
