import { JournalFold } from '../../journal/journal-record.js';
import { readJournalFile } from '../../journal/read-journal-file.js';
import { journalRow } from '../journal/journal-rows.js';
import { defaultJournalPaths } from '../journal/open-cli-journal.js';
import { renderJournalTable, renderJournalWarnings } from '../journal/render-journal.js';
import { jsonLine } from '../render/printable.js';
import type { CommandContext } from './command-context.js';

/** The flags of `sora-rx ls`. */
export interface LsFlags {
  readonly journal?: string | undefined;
  readonly json?: boolean | undefined;
}

/**
 * Runs `sora-rx ls`: every task of the journals (the default ones, or `--journal`), read without
 * taking their lock, as a table or as NDJSON, with a warning on stderr for completed videos not
 * saved and over 20 h old. Resolves with 0.
 */
export async function runLsCommand(
  flags: LsFlags,
  { io, output }: CommandContext,
): Promise<number> {
  const paths = flags.journal === undefined ? await defaultJournalPaths(io.env) : [flags.journal];
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
    output.out(renderJournalTable(rows, io.cwd));
  }
  const warnings = renderJournalWarnings(rows);
  if (warnings !== '') output.err(warnings);
  return 0;
}
