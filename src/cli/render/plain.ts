import type { Board, BoardEvent, BoardRow } from '../watch/board.js';
import { rowCells } from './row-cells.js';

/** The width of the status column: `downloading`. */
const STATUS_WIDTH = 11;

/**
 * The plain lines an event adds, for pipes and logs: one per change of a task, one when its
 * download starts, one when the file is saved, one for an error. No colours, no escapes. A task's
 * cost follows its time where the gateway reported one.
 * `sora_abc  processing  1m20s  ~1–4m left`
 */
export function renderPlainLines(
  event: BoardEvent,
  board: Board,
  previous: Board,
  now: number,
  cwd: string,
): string[] {
  const row = board.rows.find((candidate) => candidate.key === event.key);
  if (row === undefined) return [];
  const before = previous.rows.find((candidate) => candidate.key === event.key);
  const labelWidth = Math.max(
    ...board.rows.map((candidate) => (candidate.id ?? candidate.key).length),
  );
  const cells = rowCells(row, now, cwd);
  const line = (...parts: Array<string | undefined>) =>
    [cells.label.padEnd(labelWidth), ...parts.filter((part) => part !== undefined && part !== '')]
      .join('  ')
      .trimEnd();

  switch (event.type) {
    case 'task': {
      const status = event.task.status;
      const progress =
        status === 'processing' && event.task.progress !== undefined
          ? `${Math.floor(event.task.progress)}%`
          : undefined;
      const detail = status === 'failed' ? cells.note : cells.timeLeft;
      const word = cells.expired ? 'expired' : status;
      return [line(word.padEnd(STATUS_WIDTH), progress, cells.elapsed, cells.cost, detail)];
    }
    case 'download':
      if (event.progress.done)
        return [line('saved'.padEnd(STATUS_WIDTH), cells.elapsed, cells.cost, cells.note)];
      return hasStarted(before) ? [] : [line('downloading', cells.elapsed)];
    case 'error':
      return [line((cells.expired ? 'expired' : 'error').padEnd(STATUS_WIDTH), cells.note)];
    case 'retry':
      return [line('retrying'.padEnd(STATUS_WIDTH), cells.retry?.replace(/^retrying /, ''))];
  }
}

function hasStarted(row: BoardRow | undefined): boolean {
  return row?.download !== undefined;
}
