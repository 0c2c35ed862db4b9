import Table from 'cli-table3';
import { formatCost, formatDuration, truncate } from '../format.js';
import { printable } from '../render/printable.js';
import { displayPath } from '../render/row-cells.js';
import { NO_BORDERS } from '../render/summary.js';
import type { JournalRow } from './journal-rows.js';

const HEAD = ['id', 'prompt', 'status', 'age', 'file or error', 'video'];
/** How much of a prompt the table shows. */
const PROMPT_WIDTH = 32;

/**
 * The journal as a table, one task a row, oldest first; with a cost column when a gateway reported
 * the cost of a task. Without `borders` (for pipes and logs), columns are two spaces apart and no
 * box is drawn.
 */
export function renderJournalTable(
  rows: readonly JournalRow[],
  cwd: string,
  borders = true,
): string {
  const costed = rows.some((row) => row.cost !== undefined);
  const head = costed ? [...HEAD, 'cost'] : HEAD;
  const table = new Table({
    head,
    style: {
      head: [],
      border: [],
      compact: true,
      ...(borders ? {} : { 'padding-left': 0, 'padding-right': 0 }),
    },
    ...(borders ? {} : { chars: NO_BORDERS }),
  });
  for (const row of rows) {
    const cost = costed ? [row.cost === undefined ? '-' : formatCost(row.cost)] : [];
    table.push([
      printable(row.id ?? `? key ${row.key ?? ''}`),
      row.prompt === undefined
        ? '-'
        : truncate(printable(row.prompt.replace(/\s+/g, ' ')), PROMPT_WIDTH),
      row.state,
      formatDuration(row.ageMs),
      printable(row.error ?? (row.file === undefined ? '-' : displayPath(row.file, cwd))),
      expiryCell(row),
      ...cost,
    ]);
  }
  const text = table.toString();
  return `${borders ? text : text.replace(/ +$/gm, '')}\n`;
}

/**
 * When a completed, unsaved video expires: `expires in 3h12m` or `expired`, by its gateway's
 * `expires_at`; `expires in ~3h12m` or `expired?` when estimated as a day after completion.
 */
function expiryCell({ urlLeftMs, expiryReported }: JournalRow): string {
  if (urlLeftMs === undefined) return '-';
  if (urlLeftMs <= 0) return expiryReported ? 'expired' : 'expired?';
  return `expires in ${expiryReported ? '' : '~'}${formatDuration(urlLeftMs)}`;
}

/** The warnings of `ls`: completed videos not saved, less than 4 h from expiring, and how to save them. */
export function renderJournalWarnings(rows: readonly JournalRow[]): string {
  const atRisk = rows.filter((row) => row.atRisk);
  if (atRisk.length === 0) return '';
  const ids = printable(atRisk.map((row) => row.id).join(', '));
  return (
    `sora-rx: warning: ${atRisk.length} completed ${atRisk.length === 1 ? 'video is' : 'videos are'} ` +
    `not saved and within 4 h of expiring (gateways keep a video about a day): ${ids}. ` +
    'Run `sora-rx resume --download DIR` now.\n'
  );
}
