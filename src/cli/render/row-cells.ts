import path from 'node:path';
import { estimateGeneration, estimateTimeLeft } from '../estimates.js';
import {
  formatBytes,
  formatCost,
  formatDuration,
  formatPercent,
  formatRemaining,
  formatTimeLeft,
} from '../format.js';
import {
  type BoardRow,
  elapsedOf,
  isRowExpired,
  phaseOf,
  type RowPhase,
  rowCost,
  rowLabel,
} from '../watch/board.js';
import { printable } from './printable.js';

/** The cells of one row, as text without colour, shared by the live view, plain lines and the table. */
export interface RowCells {
  readonly label: string;
  readonly phase: RowPhase;
  /** The video's length, such as `10s`, or `''` when unknown. */
  readonly length: string;
  /** The time since the task was created, or `''` before it is known. */
  readonly elapsed: string;
  /** What the task cost, such as `$0.40`, or `''` when its gateway reported no cost. */
  readonly cost: string;
  /** Generation progress from 0 to 100, when the server reports it and the task is processing. */
  readonly progress: number | undefined;
  /** The expected time left, while queued or processing. */
  readonly timeLeft: string | undefined;
  /** Whether the task has run past its longest expected time. */
  readonly overdue: boolean;
  /** The download's share done (when the size is known) and its byte counts, while downloading. */
  readonly download: { readonly fraction: number | undefined; readonly text: string } | undefined;
  /** The saved file, the failure's reason, or the error. */
  readonly note: string | undefined;
  /**
   * Whether the row failed or errored because the video expired (status `expired`, or a download
   * refused as `SORA_VIDEO_EXPIRED`): shown as `expired`, not as any failure.
   */
  readonly expired: boolean;
  /** A request being retried: `retrying in 4s: connection refused`. */
  readonly retry: string | undefined;
  /** What a row waits for before its first task: its creation, or (watched) the first answer. */
  readonly pending: string;
}

/**
 * The cells of a row at time `now`; file paths are shown relative to `cwd` when inside it. What
 * came from the server (the id, a failure's reason, an error) is made {@link printable}.
 */
export function rowCells(row: BoardRow, now: number, cwd: string): RowCells {
  const phase = phaseOf(row);
  const cost = rowCost(row);
  const elapsedMs = elapsedOf(row, now);
  const running = phase === 'queued' || phase === 'processing';
  const left =
    running && elapsedMs !== undefined
      ? estimateTimeLeft(
          row.estimate ?? estimateGeneration(row.seconds, row.model),
          elapsedMs,
          phase === 'processing' ? row.task?.progress : undefined,
        )
      : undefined;
  return {
    label: printable(rowLabel(row)),
    phase,
    length: row.seconds === undefined ? '' : `${row.seconds}s`,
    elapsed: elapsedMs === undefined ? '' : formatDuration(elapsedMs),
    cost: cost === undefined ? '' : formatCost(cost),
    progress: phase === 'processing' ? row.task?.progress : undefined,
    timeLeft: left === undefined ? undefined : formatTimeLeft(left),
    overdue: left?.kind === 'overdue',
    download: phase === 'downloading' ? downloadCell(row) : undefined,
    note: mapDefined(noteOf(row, phase, cwd), printable),
    expired: isRowExpired(row),
    retry: mapDefined(retryOf(row, now), printable),
    pending: row.id === undefined ? 'creating…' : 'connecting…',
  };
}

function mapDefined<T, R>(value: T | undefined, map: (value: T) => R): R | undefined {
  return value === undefined ? undefined : map(value);
}

function retryOf(row: BoardRow, now: number): string | undefined {
  if (row.retry === undefined) return undefined;
  const { reason, at } = row.retry;
  return at > now ? `retrying in ${formatRemaining(at - now)}: ${reason}` : `retrying: ${reason}`;
}

function downloadCell(row: BoardRow): RowCells['download'] {
  const { bytes, totalBytes } = row.download ?? { bytes: 0, totalBytes: undefined };
  const percent = formatPercent(bytes, totalBytes);
  return {
    fraction: totalBytes === undefined || totalBytes <= 0 ? undefined : bytes / totalBytes,
    text:
      totalBytes === undefined
        ? formatBytes(bytes)
        : `${percent} ${formatBytes(bytes)}/${formatBytes(totalBytes)}`,
  };
}

function noteOf(row: BoardRow, phase: RowPhase, cwd: string): string | undefined {
  switch (phase) {
    case 'error':
      return row.error === undefined ? undefined : `${row.error.code}: ${row.error.message}`;
    case 'failed':
      return row.task?.error ?? 'no reason given';
    case 'saved':
      return row.download === undefined
        ? undefined
        : `${formatBytes(row.download.bytes)}  ${displayPath(row.download.file, cwd)}`;
    default:
      return undefined;
  }
}

/** A path relative to `cwd` when it lies inside it, else as it is. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative)
    ? file
    : relative;
}
