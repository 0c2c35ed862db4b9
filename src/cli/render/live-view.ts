import { renderBar } from '../format.js';
import { type Board, phaseOf, type RowPhase } from '../watch/board.js';
import { type RowCells, rowCells } from './row-cells.js';
import { fitSegments, type Segment } from './segments.js';
import { type Colors, phaseColor, phaseSymbol } from './style.js';

/** How to draw the live view. */
export interface LiveViewOptions {
  readonly colors: Colors;
  /** The terminal's width; every line fits in it. */
  readonly width: number;
  /** The spinner's frame. */
  readonly frame: number;
  /** Paths are shown relative to it. */
  readonly cwd: string;
  /** What is being watched, for the first line. */
  readonly title: string;
  /** A hint under the rows, such as how to stop; none in the final frame. */
  readonly footer?: string | undefined;
  /** Removes secrets from each piece of text before lines are cut to the width. */
  readonly redact?: ((text: string) => string) | undefined;
}

const PHASE_WIDTH = 11;

/**
 * The live view of a board at time `now`: a header with counts, one line per task (status,
 * elapsed time, its cost where the gateway reported one, progress, time left by the provider's
 * estimates, a download bar, the saved file or the error), and a footer.
 */
export function renderLiveView(board: Board, now: number, options: LiveViewOptions): string {
  const cells = board.rows.map((row) => rowCells(row, now, options.cwd));
  const widths = {
    label: Math.max(0, ...cells.map((cell) => cell.label.length)),
    length: Math.max(0, ...cells.map((cell) => cell.length.length)),
    elapsed: Math.max(0, ...cells.map((cell) => cell.elapsed.length)),
    cost: Math.max(0, ...cells.map((cell) => cell.cost.length)),
  };
  const toLine = (segments: Segment[]) => fitSegments(segments, options.width, options.redact);
  const lines = [
    toLine(headerSegments(board, options)),
    ...cells.map((cell) => toLine(rowSegments(cell, widths, options))),
  ];
  if (options.footer !== undefined) lines.push(options.colors.dim(options.footer));
  return lines.join('\n');
}

function headerSegments(board: Board, { colors, title }: LiveViewOptions): Segment[] {
  const phases = board.rows.map(phaseOf);
  const count = (...wanted: RowPhase[]) => phases.filter((phase) => wanted.includes(phase)).length;
  const done = board.downloads ? 'saved' : 'completed';
  const counts: Array<[number, string, (text: string) => string]> = [
    [count('pending', 'queued', 'processing'), 'active', colors.cyan],
    [board.downloads ? count('completed', 'downloading') : 0, 'downloading', colors.blue],
    [count(done), done, colors.green],
    [count('failed'), 'failed', colors.red],
    [count('error'), 'errors', colors.red],
  ];
  const segments: Segment[] = [
    [`sora-rx ${title}`, colors.bold],
    [`  ${board.rows.length} ${board.rows.length === 1 ? 'task' : 'tasks'}`],
  ];
  for (const [n, label, paint] of counts) {
    if (n === 0) continue;
    segments.push(
      [' · ', colors.dim],
      [`${n} ${n === 1 && label === 'errors' ? 'error' : label}`, paint],
    );
  }
  return segments;
}

/** The width of each aligned column, from the widest cell. */
interface ColumnWidths {
  readonly label: number;
  readonly length: number;
  readonly elapsed: number;
  readonly cost: number;
}

function rowSegments(
  cell: RowCells,
  widths: ColumnWidths,
  { colors, frame }: LiveViewOptions,
): Segment[] {
  const paint = phaseColor(cell.phase, colors);
  const segments: Segment[] = [
    [`${phaseSymbol(cell.phase, frame)} `, paint],
    [`${cell.label.padEnd(widths.label)}  `],
  ];
  if (widths.length > 0) segments.push([`${cell.length.padStart(widths.length)}  `, colors.dim]);
  segments.push([`${cell.phase.padEnd(PHASE_WIDTH)}  `, paint]);
  if (widths.elapsed > 0) segments.push([`${cell.elapsed.padStart(widths.elapsed)}  `]);
  if (widths.cost > 0) segments.push([`${cell.cost.padStart(widths.cost)}  `, colors.dim]);
  return [...segments, ...detailSegments(cell, colors)];
}

function detailSegments(cell: RowCells, colors: Colors): Segment[] {
  if (cell.retry !== undefined) return [[cell.retry, colors.yellow]];
  switch (cell.phase) {
    case 'pending':
      return [[cell.pending, colors.dim]];
    case 'queued':
    case 'processing': {
      const segments: Segment[] = [];
      if (cell.progress !== undefined) {
        segments.push(
          [renderBar(cell.progress / 100, 10), colors.cyan],
          [` ${String(Math.floor(cell.progress)).padStart(3)}%  `],
        );
      }
      if (cell.timeLeft !== undefined) {
        segments.push([cell.timeLeft, cell.overdue ? colors.yellow : colors.dim]);
      }
      return segments;
    }
    case 'completed':
      return [['ready', colors.dim]];
    case 'downloading':
      return cell.download === undefined
        ? []
        : [[renderBar(cell.download.fraction ?? 0, 16), colors.blue], [` ${cell.download.text}`]];
    case 'saved':
      return [[cell.note ?? '', colors.dim]];
    case 'failed':
    case 'error':
      return [[cell.note ?? '', colors.red]];
  }
}
