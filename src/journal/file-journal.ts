import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isSoraError } from '../errors/is-sora-error.js';
import { SoraJournalError } from '../errors/journal-errors.js';
import { assertBoolean, assertKnownOptions } from '../util/assert-options.js';
import type { Journal } from './journal.js';
import { acquireJournalLock } from './journal-lock.js';
import type { JournalEntry, JournalRecord } from './journal-record.js';
import { JOURNAL_HEADER, parseJournal } from './parse-journal.js';
import { journalErrors } from './read-journal-file.js';

/** Options of {@link fileJournal}. */
export interface FileJournalOptions {
  /**
   * Whether each write waits for `fsync` (`fdatasync`): a record then survives a crash of the
   * machine, not only of the process. Writes that arrive together share one fsync. Turn it off
   * only where losing the last records to a power cut is acceptable.
   * @default true
   */
  readonly fsync?: boolean | undefined;
}

type FileHandle = Awaited<ReturnType<typeof open>>;

/**
 * A task journal in a file of JSON lines, one record a line, crash-safe:
 *
 * - its first line, `{"sora-rx-journal":1}`, tells it from any other file: a new or empty file
 *   gets it; a file without it is read only as a journal of an earlier version (its first line a
 *   record); any other file, or a journal of a newer version, fails with `SORA_JOURNAL_FOREIGN`
 *   and is left byte for byte as it was;
 * - a record is appended whole and fsynced before `append` resolves; records that arrive while a
 *   write is on disk share the next write and its fsync, so a thousand creates do not make a
 *   thousand fsyncs;
 * - a last line torn by a crash is ignored and cut off when the journal is next opened, never an
 *   error; any other bad line, or a record of the wrong shape, fails with `SORA_JOURNAL` naming
 *   the file and the line;
 * - compaction writes one line per task to a temporary file, fsyncs it, renames it into place and
 *   fsyncs the folder, so the journal is at every instant either the old file or the new one; the
 *   temporary file is created exclusively, never opened through a symlink planted at its name;
 * - `<path>.lock` (created exclusively, holding the pid, its start time and the boot id where the
 *   system says) keeps a second process from writing the same journal: it fails with
 *   `SORA_JOURNAL_LOCKED`; a lock left by a killed process is taken over, and so is one whose pid
 *   now belongs to another process (a restarted container). An earlier sora-rx reads such a lock
 *   as one without a pid, which it takes over after 10 s: run one version on a journal. The file is readable and writable by its owner only, as it holds video URLs.
 *
 * Node only: import it from `sora-rx/node`.
 *
 * ## Example
 * ```ts
 * import { createSoraClient } from 'sora-rx';
 * import { fileJournal } from 'sora-rx/node';
 * const sora = createSoraClient({ journal: fileJournal('./sora-tasks.jsonl') });
 * sora.resume$({ dir: './videos' }).subscribe(console.log);
 * ```
 * @param file The journal's path; its folder is created if missing.
 * @param options Whether to fsync.
 */
export function fileJournal(file: string, options: FileJournalOptions = {}): Journal {
  if (typeof file !== 'string' || file === '') {
    throw new TypeError('Expected `file` to be the path of the journal');
  }
  assertKnownOptions(options, ['fsync'], 'options');
  const { fsync = true } = options;
  assertBoolean(fsync, 'fsync');
  const journalPath = path.resolve(file);
  const fail = (detail: string, cause?: unknown) =>
    new SoraJournalError(journalPath, detail, cause === undefined ? undefined : { cause });

  let handle: FileHandle | undefined;
  let release: (() => void) | undefined;
  let opening: Promise<readonly JournalRecord[]> | undefined;
  /** The lines waiting for the next write, and who waits for them. */
  let queue: string[] = [];
  let waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  /** Every write and compaction, one after the other. */
  let lane: Promise<void> = Promise.resolve();
  let flushScheduled = false;
  /**
   * From a compaction's call to its run, what went into the old file: records appended after the
   * caller took its entries, which the compacted file must keep too.
   */
  let writtenSinceCompact: string[] | undefined;

  const syncFile = async (target: FileHandle) => {
    if (fsync) await target.datasync();
  };

  const load = async (): Promise<readonly JournalRecord[]> => {
    await mkdir(path.dirname(journalPath), { recursive: true });
    release = await acquireJournalLock(journalPath);
    try {
      const opened = await open(journalPath, 'a+', 0o600);
      handle = opened;
      const bytes = await readFile(opened);
      const parsed = parseJournal(bytes, journalErrors(journalPath));
      if (parsed.isNew) {
        // Empty, or only a header or first record torn by a crash: started afresh, with the header.
        await opened.truncate(0);
        await opened.write(JOURNAL_HEADER);
        await syncFile(opened);
      } else if (parsed.validBytes < bytes.length) {
        // A record torn by a crash: cut it off, or the next record would be glued to it.
        await opened.truncate(parsed.validBytes);
        await syncFile(opened);
      } else if (parsed.missingNewline) {
        await opened.write('\n');
      }
      return parsed.records;
    } catch (error) {
      await handle?.close().catch(() => {});
      handle = undefined;
      release();
      release = undefined;
      throw isSoraError(error) ? error : fail('could not be read', error);
    }
  };

  const flush = async () => {
    flushScheduled = false;
    const text = queue.join('');
    const batch = waiters;
    queue = [];
    waiters = [];
    try {
      if (handle === undefined) throw fail('is closed');
      await handle.write(text);
      writtenSinceCompact?.push(text);
      await syncFile(handle);
      for (const waiter of batch) waiter.resolve();
    } catch (error) {
      const failure =
        error instanceof SoraJournalError ? error : fail('could not be written', error);
      for (const waiter of batch) waiter.reject(failure);
    }
  };

  const compact = async (entries: readonly JournalEntry[]) => {
    // Records appended before this call but written after it are in the old file only: keep them.
    const written: string[] = [];
    writtenSinceCompact = written;
    const run = async () => {
      writtenSinceCompact = undefined;
      if (handle === undefined) throw fail('is not open');
      const at = Date.now();
      // With the header: a journal of an earlier version gets it here, in a rewrite that is atomic.
      const text = [JOURNAL_HEADER];
      for (const entry of entries) text.push(`${JSON.stringify({ type: 'entry', at, entry })}\n`);
      // Folding a record twice changes nothing, so a record both in `entries` and here is harmless.
      text.push(...written);
      const { temp, out } = await openCompactFile(journalPath);
      try {
        try {
          await out.write(text.join(''));
          await syncFile(out);
        } finally {
          await out.close();
        }
        await rename(temp, journalPath);
      } catch (error) {
        await unlink(temp).catch(() => {});
        throw error;
      }
      await syncFolder(path.dirname(journalPath));
      const before = handle;
      handle = await open(journalPath, 'a', 0o600);
      await before.close();
    };
    const done = lane.then(run);
    lane = done.catch(() => {});
    await done.catch((error: unknown) => {
      throw error instanceof SoraJournalError ? error : fail('could not be compacted', error);
    });
  };

  return {
    name: journalPath,
    load: () => {
      opening ??= load().catch((error: unknown) => {
        opening = undefined;
        throw error;
      });
      return opening;
    },
    append: (records) =>
      new Promise<void>((resolve, reject) => {
        if (records.length === 0) return resolve();
        for (const record of records) queue.push(`${JSON.stringify(record)}\n`);
        waiters.push({ resolve, reject });
        if (flushScheduled) return;
        flushScheduled = true;
        lane = lane.then(flush);
      }),
    compact,
    close: async () => {
      await lane;
      await handle?.close().catch(() => {});
      handle = undefined;
      opening = undefined;
      release?.();
      release = undefined;
    },
  };
}

/**
 * Creates the temporary file a compaction writes, exclusively (`wx`): never through a symlink or
 * into a file someone else planted at its name. A stale one a crash left at the usual name
 * (`<journal>.<pid>.compact`) is removed first if it is a regular file; anything else there stays,
 * and a fresh random name is used instead.
 */
async function openCompactFile(journalPath: string): Promise<{ temp: string; out: FileHandle }> {
  const usual = `${journalPath}.${process.pid}.compact`;
  const stale = await lstat(usual).catch(() => undefined);
  if (stale?.isFile()) await unlink(usual).catch(() => {});
  try {
    return { temp: usual, out: await open(usual, 'wx', 0o600) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const fresh = `${journalPath}.${process.pid}.${randomBytes(6).toString('hex')}.compact`;
  return { temp: fresh, out: await open(fresh, 'wx', 0o600) };
}

/** Makes a rename in `dir` durable. Some systems (Windows) cannot open a folder: then it is skipped. */
async function syncFolder(dir: string): Promise<void> {
  let folder: FileHandle | undefined;
  try {
    folder = await open(dir, 'r');
    await folder.sync();
  } catch {
    // Not supported here.
  } finally {
    await folder?.close().catch(() => {});
  }
}
