import type { DownloadProgress } from '../../index.js';
import type { StopSignal } from '../interrupt.js';
import {
  type Board,
  type BoardEvent,
  type BoardRow,
  boardCost,
  elapsedOf,
  phaseOf,
  rowCost,
  rowLabel,
  summarizeBoard,
} from '../watch/board.js';
import type { Verdict } from '../watch/reporter.js';

/** One line of `--json` output. */
export type JsonEvent = Readonly<Record<string, unknown>> & { readonly type: string };

/** The JSON event of a board event, or `undefined` for download progress not worth a line. */
export function toJsonEvent(
  event: BoardEvent,
  board: Board,
  lastReported: DownloadProgress | undefined,
): JsonEvent | undefined {
  const row = board.rows.find((candidate) => candidate.key === event.key);
  const id = row === undefined ? event.key : (row.id ?? null);
  switch (event.type) {
    case 'task': {
      const cost = row === undefined ? undefined : rowCost(row);
      return {
        type: 'task',
        id: event.task.id,
        status: event.task.status,
        ...(event.task.progress === undefined ? {} : { progress: event.task.progress }),
        ...(cost === undefined ? {} : { cost }),
        task: event.task,
      };
    }
    case 'download': {
      const { file, bytes, totalBytes, done } = event.progress;
      if (!shouldReportDownload(lastReported, event.progress)) return undefined;
      return { type: 'download', id, bytes, totalBytes: totalBytes ?? null, file, done };
    }
    case 'error':
      return { type: 'error', id, code: event.error.code, message: event.error.message };
    case 'retry': {
      const { attempt, delayMs, reason } = event;
      return { type: 'retry', id, attempt, delayMs, reason };
    }
  }
}

const STEP_FRACTION = 0.01;
const MIN_STEP_BYTES = 256 * 1024;
const STEP_BYTES_UNKNOWN_TOTAL = 1024 * 1024;

/**
 * Whether a download's progress deserves a line: the first, the last, and between them one per
 * percent and 256 KiB at least (one per MiB when the size is unknown), so that a large file never
 * prints thousands of lines.
 */
export function shouldReportDownload(
  last: DownloadProgress | undefined,
  next: DownloadProgress,
): boolean {
  if (last === undefined || next.done) return true;
  const step =
    next.totalBytes === undefined
      ? STEP_BYTES_UNKNOWN_TOTAL
      : Math.max(MIN_STEP_BYTES, next.totalBytes * STEP_FRACTION);
  return next.bytes - last.bytes >= step;
}

/**
 * The last line of `--json` output: counts, the verdict, what the tasks cost in USD (`null` when
 * no gateway reported a cost) and how many reported one, and every task's outcome.
 */
export function toSummaryEvent(board: Board, verdict: Verdict, now: number): JsonEvent {
  const { total, completed, failed, errors, saved } = summarizeBoard(board);
  const cost = boardCost(board);
  return {
    type: 'summary',
    ok: verdict.ok,
    exitCode: verdict.exitCode,
    message: verdict.message,
    total,
    completed,
    failed,
    errors,
    saved,
    cost: cost?.total ?? null,
    costed: cost?.costed ?? 0,
    tasks: board.rows.map((row) => taskOutcome(row, now)),
  };
}

/** The line printed when a signal stopped the watch. */
export function toInterruptedEvent(board: Board, signal: StopSignal, now: number): JsonEvent {
  return { type: 'interrupted', signal, tasks: board.rows.map((row) => taskOutcome(row, now)) };
}

function taskOutcome(row: BoardRow, now: number): Record<string, unknown> {
  const phase = phaseOf(row);
  const saved = phase === 'saved' ? row.download : undefined;
  return {
    id: row.id ?? null,
    ...(row.id === undefined ? { key: rowLabel(row) } : {}),
    seconds: row.seconds ?? null,
    status: phase,
    elapsedMs: elapsedOf(row, now) ?? null,
    file: saved?.file ?? null,
    bytes: saved?.bytes ?? null,
    cost: rowCost(row) ?? null,
    error:
      row.error !== undefined
        ? row.error
        : phase === 'failed'
          ? { code: 'SORA_TASK_FAILED', message: row.task?.error ?? 'no reason given' }
          : null,
  };
}
