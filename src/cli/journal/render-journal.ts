import Table from 'cli-table3';
import { formatDuration, truncate } from '../format.js';
import { displayPath } from '../render/row-cells.js';
import type { JournalRow } from './journal-rows.js';

const HEAD = ['id', 'prompt', 'status', 'age', 'file or error', 'URL expires in'];
/** How much of a prompt the table shows. */
const PROMPT_WIDTH = 32;

/** The journal as a table, one task a row, oldest first. */
export function renderJournalTable(rows: readonly JournalRow[], cwd: string): string {
  const table = new Table({ head: HEAD, style: { head: [], border: [], compact: true } });
  for (const row of rows) {
    table.push([
      row.id ?? `? key ${row.key ?? ''}`,
      row.prompt === undefined ? '-' : truncate(row.prompt.replace(/\s+/g, ' '), PROMPT_WIDTH),
      row.state,
      formatDuration(row.ageMs),
      row.error ?? (row.file === undefined ? '-' : displayPath(row.file, cwd)),
      row.urlLeftMs === undefined
        ? '-'
        : row.urlLeftMs <= 0
          ? 'expired?'
          : formatDuration(row.urlLeftMs),
    ]);
  }
  return `${table.toString()}\n`;
}

/** The warnings of `ls`: completed videos not saved, older than 20 h, and how to save them. */
export function renderJournalWarnings(rows: readonly JournalRow[]): string {
  const atRisk = rows.filter((row) => row.atRisk);
  if (atRisk.length === 0) return '';
  const ids = atRisk.map((row) => row.id).join(', ');
  return (
    `sora-rx: warning: ${atRisk.length} completed ${atRisk.length === 1 ? 'video is' : 'videos are'} ` +
    `not saved and over 20 h old (a video URL expires about 24 h after completion): ${ids}. ` +
    'Run `sora-rx resume --download DIR` now.\n'
  );
}
