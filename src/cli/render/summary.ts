import Table from 'cli-table3';
import { formatBytes, formatCost } from '../format.js';
import { type Board, boardCost } from '../watch/board.js';
import { displayPath, rowCells } from './row-cells.js';
import { type Colors, phaseColor } from './style.js';

/** How to draw the summary table. */
export interface SummaryTableOptions {
  readonly colors: Colors;
  /** Paths are shown relative to it. */
  readonly cwd: string;
  /** The terminal's width: long paths are cut from the left to fit. No limit when undefined. */
  readonly width?: number | undefined;
  /** Whether to draw the box; without it, columns are two spaces apart (for pipes and logs). */
  readonly borders?: boolean | undefined;
}

/** cli-table3's characters for a table without a box: only the gap between columns. */
export const NO_BORDERS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

const HEAD = ['id', 'seconds', 'status', 'time', 'file', 'size'] as const;
/** The column of the file, the one cut to fit. */
const FILE_COLUMN = 4;

/**
 * The summary table of a board: id, length, status, time taken, saved file and its size, and the
 * cost of each task when a gateway reported one.
 */
export function renderSummaryTable(
  board: Board,
  now: number,
  options: SummaryTableOptions,
): string {
  const { colors, cwd } = options;
  // cli-table3 would colour on its own; every colour here comes from `colors`, so `--no-color`
  // and pipes get none.
  const boxed = options.borders !== false;
  const costed = boardCost(board) !== undefined;
  const head: readonly string[] = costed ? [...HEAD, 'cost'] : HEAD;
  const table = new Table({
    head: head.map((title) => colors.bold(title)),
    style: {
      head: [],
      border: [],
      compact: true,
      ...(boxed ? {} : { 'padding-left': 0, 'padding-right': 0 }),
    },
    ...(boxed ? {} : { chars: NO_BORDERS }),
  });
  const rows = board.rows.map((row) => {
    const cells = rowCells(row, now, cwd);
    const saved = cells.phase === 'saved' ? row.download : undefined;
    const status = cells.expired
      ? 'expired'
      : cells.phase === 'error'
        ? `error ${row.error?.code ?? ''}`.trim()
        : cells.phase;
    return {
      cells: [
        cells.label,
        cells.length || '-',
        status,
        cells.elapsed || '-',
        saved === undefined ? '-' : displayPath(saved.file, cwd),
        saved === undefined ? '-' : formatBytes(saved.bytes),
        ...(costed ? [cells.cost || '-'] : []),
      ],
      paint: phaseColor(cells.phase, colors),
    };
  });
  const fileWidth = fitFileColumn(
    head,
    rows.map((row) => row.cells),
    options.width,
  );
  for (const { cells, paint } of rows) {
    const [label, length, status, elapsed, file, ...rest] = cells;
    table.push([
      label,
      length,
      paint(status ?? ''),
      elapsed,
      wrapPath(file ?? '', fileWidth),
      ...rest,
    ]);
  }
  const text = table.toString();
  return boxed ? text : text.replace(/ +$/gm, '');
}

/** Cells are padded by one space on each side; a row of n cells has n + 1 borders. */
const CELL_PADDING = 2;
const MIN_FILE_WIDTH = 12;

/** How wide the file column may be for the table to fit in `width`; no limit when undefined. */
function fitFileColumn(
  head: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  width: number | undefined,
): number {
  if (width === undefined) return Number.POSITIVE_INFINITY;
  const widest = (column: number) =>
    Math.max(head[column]?.length ?? 0, ...rows.map((cells) => cells[column]?.length ?? 0));
  const others = head
    .map((_, column) => column)
    .filter((column) => column !== FILE_COLUMN)
    .reduce((sum, column) => sum + widest(column) + CELL_PADDING, 0);
  const borders = head.length + 1;
  return Math.max(MIN_FILE_WIDTH, width - others - borders - CELL_PADDING);
}

/**
 * `text` on lines of at most `width` characters, broken after a `/` where it can: a long path
 * stays whole (to copy) and the table still fits the terminal.
 */
function wrapPath(text: string, width: number): string {
  if (text.length <= width) return text;
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(/(?<=\/)/)) {
    if (line.length + part.length > width && line !== '') {
      lines.push(line);
      line = '';
    }
    line += part;
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/**
 * The line under the table that adds up what the tasks cost, where their gateway reported it:
 * `Cost: $1.20`, or `Cost: $0.80 (reported for 2 of 3 tasks)`; `undefined` when none did.
 */
export function renderCostTotal(board: Board): string | undefined {
  const cost = boardCost(board);
  if (cost === undefined) return undefined;
  const total = board.rows.length;
  const some = cost.costed < total ? ` (reported for ${cost.costed} of ${total} tasks)` : '';
  return `Cost: ${formatCost(cost.total)}${some}`;
}

/** One line per task that failed or errored, with its reason: what the table has no room for. */
export function renderProblems(board: Board, now: number, options: SummaryTableOptions): string[] {
  return board.rows.flatMap((row) => {
    const cells = rowCells(row, now, options.cwd);
    if (cells.phase !== 'failed' && cells.phase !== 'error') return [];
    const what = cells.expired ? 'expired' : cells.phase;
    return [`${options.colors.red('✖')} ${cells.label} ${what}: ${cells.note ?? ''}`];
  });
}
