import { isSoraError } from '../../index.js';
import { JournalFold } from '../../journal/journal-fold.js';
import { isSettled } from '../../journal/journal-record.js';
import { readJournalFile } from '../../journal/read-journal-file.js';
import { forgetEntries } from '../journal/forget-entries.js';
import { journalRow } from '../journal/journal-rows.js';
import { defaultJournalPaths } from '../journal/open-cli-journal.js';
import { renderJournalTable, renderJournalWarnings } from '../journal/render-journal.js';
import type { Output } from '../output.js';
import { jsonLine, printable } from '../render/printable.js';
import { EXIT_FAILED } from '../watch/verdict.js';
import type { CommandContext } from './command-context.js';

/** The flags of `sora-rx ls`. */
export interface LsFlags {
  readonly journal?: string | undefined;
  readonly json?: boolean | undefined;
  readonly prune?: boolean | undefined;
}

/**
 * Runs `sora-rx ls`: every task of the journals (the default ones, or `--journal`), read without
 * taking their lock, as a table or as NDJSON, with a warning on stderr for completed videos not
 * saved and over 20 h old. With `--prune`, the finished tasks are removed first (see
 * {@link pruneJournals}). Resolves with 0, or 1 when a journal to prune was in use.
 */
export async function runLsCommand(
  flags: LsFlags,
  { io, output }: CommandContext,
): Promise<number> {
  const paths = flags.journal === undefined ? await defaultJournalPaths(io.env) : [flags.journal];
  const pruned = flags.prune === true ? await pruneJournals(paths, output) : 0;
  const now = Date.now();
  const rows = [];
  for (const file of paths) {
    const fold = new JournalFold();
    for (const record of await readJournalFile(file)) fold.add(record);
    rows.push(...fold.entries().map((entry) => journalRow(entry, file, now)));
  }
  if (flags.json === true) {
    for (const row of rows) output.out(jsonLine(row));
  } else if (rows.length === 0) {
    output.out(`No tasks in ${paths.length === 0 ? 'the journal' : paths.join(', ')}.\n`);
  } else {
    output.out(renderJournalTable(rows, io.cwd, io.stdout.isTTY === true));
  }
  const warnings = renderJournalWarnings(rows);
  if (warnings !== '') output.err(warnings);
  return pruned;
}

/**
 * Removes from each journal the tasks `resume` would leave alone (saved, failed, expired,
 * rejected), and says how many. A default journal in use by another process is skipped, and
 * the run then resolves with 1: it did not do all it was asked.
 */
async function pruneJournals(paths: readonly string[], output: Output): Promise<number> {
  let code = 0;
  for (const file of paths) {
    let pruned: number;
    try {
      pruned = (await forgetEntries(file, isSettled)).length;
    } catch (error) {
      if (!isSoraError(error, 'SORA_JOURNAL_LOCKED')) throw error;
      output.err(`sora-rx: not pruned: ${printable(error.message.split(';')[0] ?? '')}\n`);
      code = EXIT_FAILED;
      continue;
    }
    output.err(`Pruned ${pruned} finished ${pruned === 1 ? 'task' : 'tasks'} from ${file}.\n`);
  }
  return code;
}
