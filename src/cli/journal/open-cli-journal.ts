import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isSoraError, type Journal } from '../../index.js';
import { fileJournal } from '../../journal/file-journal.js';
import type { Output } from '../output.js';
import { UsageError } from '../usage-error.js';
import type { JournalFlags } from './journal-flags.js';
import {
  DEFAULT_JOURNAL_NAME,
  defaultJournalDir,
  isJournalName,
  sideJournalName,
} from './journal-location.js';

/**
 * Opens the journal a command writes to, loaded and locked, or `undefined` with `--no-journal`.
 *
 * - `--journal PATH` opens that file; one in use by another process is a usage error (exit 2):
 *   the path was chosen, so it is not silently replaced.
 * - By default it opens `tasks.jsonl` in {@link defaultJournalDir}; when another `sora-rx` holds
 *   it, this run writes `tasks.<pid>.jsonl` beside it (and says so), which `ls` and `resume` read
 *   too, so that two commands can run at once.
 */
export async function openCliJournal(
  flags: JournalFlags,
  env: Readonly<Record<string, string | undefined>>,
  output: Output,
): Promise<Journal | undefined> {
  if (flags.journal === false) return undefined;
  if (typeof flags.journal === 'string') return load(fileJournal(flags.journal));
  const dir = defaultJournalDir(env);
  const main = fileJournal(path.join(dir, DEFAULT_JOURNAL_NAME));
  try {
    await main.load();
    return main;
  } catch (error) {
    if (!isSoraError(error, 'SORA_JOURNAL_LOCKED')) throw asUsageError(error);
    const side = await load(fileJournal(path.join(dir, sideJournalName(process.pid))));
    output.err(`sora-rx: ${error.message.split(';')[0]}; recording this run in ${side.name}\n`);
    return side;
  }
}

/** Every journal of the default folder, the main one first: what `ls` and `resume` read. */
export async function defaultJournalPaths(
  env: Readonly<Record<string, string | undefined>>,
): Promise<string[]> {
  const dir = defaultJournalDir(env);
  await mkdir(dir, { recursive: true });
  const names = (await readdir(dir)).filter(isJournalName);
  names.sort((a, b) => (a === DEFAULT_JOURNAL_NAME ? -1 : b === DEFAULT_JOURNAL_NAME ? 1 : 0));
  return names.map((name) => path.join(dir, name));
}

async function load(journal: Journal): Promise<Journal> {
  try {
    await journal.load();
    return journal;
  } catch (error) {
    throw asUsageError(error);
  }
}

/** A journal that cannot be opened stops the command before any request, as a usage error. */
function asUsageError(error: unknown): unknown {
  return isSoraError(error) ? new UsageError(error.message) : error;
}
