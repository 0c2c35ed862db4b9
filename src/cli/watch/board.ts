import { type DownloadProgress, taskCost, type VideoTask } from '../../index.js';
import { isVideoExpiredMessage } from '../../model/task-expiry.js';
import { type GenerationEstimate, secondsOf } from '../../schedule/generation-estimates.js';
import type { ErrorInfo } from '../describe-error.js';

/** One watched task as the CLI shows it. Rows are immutable; events replace them. */
export interface BoardRow {
  /** A stable key: the id for `watch`, a slot such as `#1` for tasks still being created. */
  readonly key: string;
  /** The task id, once known. */
  readonly id: string | undefined;
  /** The video's length in seconds, when the command or the server said. */
  readonly seconds: number | undefined;
  /** The model, when the command or the server said. */
  readonly model: string | undefined;
  /**
   * How long this gateway took for earlier videos of the row's model and length (what the
   * journal taught), once both are known; unset, the published times are the estimate.
   */
  readonly estimate?: GenerationEstimate | undefined;
  /** The latest task received. */
  readonly task: VideoTask | undefined;
  /** When the terminal task was first seen, on the board's clock (ms). */
  readonly finishedAt: number | undefined;
  /** The latest progress of the download, once it started. */
  readonly download: DownloadProgress | undefined;
  /** The error that ended this task's watch. */
  readonly error: ErrorInfo | undefined;
  /** The request being retried, until the next answer: why, and when it goes again (board ms). */
  readonly retry: { readonly reason: string; readonly at: number } | undefined;
}

/** Every watched task, in the order given. */
export interface Board {
  readonly rows: readonly BoardRow[];
  /** Whether completed videos are downloaded. */
  readonly downloads: boolean;
  /** What earlier runs taught of this gateway's generation times, by model and length. */
  readonly learned?: LearnedEstimates | undefined;
}

/** The generation time of a model and length as earlier runs saw it, where they saw enough. */
export type LearnedEstimates = (
  model: string | undefined,
  seconds: number | undefined,
) => GenerationEstimate | undefined;

/** What happens to one row: a new task, download progress, or the error that ended it. */
export type BoardEvent =
  | { readonly type: 'task'; readonly key: string; readonly task: VideoTask }
  | { readonly type: 'download'; readonly key: string; readonly progress: DownloadProgress }
  | { readonly type: 'error'; readonly key: string; readonly error: ErrorInfo }
  | {
      readonly type: 'retry';
      readonly key: string;
      /** The retry's number: 1 for the first. */
      readonly attempt: number;
      /** The wait before it, in ms. */
      readonly delayMs: number;
      /** Why, in a few words: `connection refused`, `rate limited (429)`. */
      readonly reason: string;
    };

/** What is known of a row before its first event. */
export interface RowInit {
  readonly key: string;
  readonly id?: string;
  readonly seconds?: number;
  readonly model?: string;
}

/** Where a row stands, for colours, symbols and the summary. */
export type RowPhase =
  | 'pending'
  | 'queued'
  | 'processing'
  | 'completed'
  | 'downloading'
  | 'saved'
  | 'failed'
  | 'error';

/** A board with one empty row per init. */
export function createBoard(
  rows: readonly RowInit[],
  downloads: boolean,
  learned?: LearnedEstimates,
): Board {
  return {
    downloads,
    learned,
    rows: rows.map((init) => ({
      key: init.key,
      id: init.id,
      seconds: init.seconds,
      model: init.model,
      task: undefined,
      finishedAt: undefined,
      download: undefined,
      error: undefined,
      retry: undefined,
    })),
  };
}

/** The board after `event`, at time `now` (ms on the board's clock). */
export function applyBoardEvent(board: Board, event: BoardEvent, now: number): Board {
  return {
    ...board,
    rows: board.rows.map((row) =>
      row.key === event.key ? applyToRow(row, event, now, board.learned) : row,
    ),
  };
}

function applyToRow(
  row: BoardRow,
  event: BoardEvent,
  now: number,
  learned: LearnedEstimates | undefined,
): BoardRow {
  switch (event.type) {
    case 'task': {
      const { task } = event;
      const terminal = task.status === 'completed' || task.status === 'failed';
      const seconds = row.seconds ?? secondsOf(task);
      const model = row.model ?? task.model;
      return {
        ...row,
        id: task.id,
        task,
        seconds,
        model,
        estimate: row.estimate ?? learned?.(model, seconds),
        finishedAt: terminal ? (row.finishedAt ?? finishTimeOf(task) ?? now) : undefined,
        retry: undefined,
      };
    }
    case 'download':
      return { ...row, download: event.progress, retry: undefined };
    case 'error':
      return { ...row, error: event.error, finishedAt: row.finishedAt ?? now, retry: undefined };
    case 'retry':
      return { ...row, retry: { reason: event.reason, at: now + event.delayMs } };
  }
}

/** Where a row stands. An error outranks everything, then failure, then the download. */
export function phaseOf(row: BoardRow): RowPhase {
  if (row.error !== undefined) return 'error';
  if (row.task === undefined) return 'pending';
  if (row.task.status !== 'completed') return row.task.status;
  if (row.download === undefined) return 'completed';
  return row.download.done ? 'saved' : 'downloading';
}

/**
 * Whether a row failed or errored because its video expired: its task ended with status
 * `expired`, or its download was refused as `SORA_VIDEO_EXPIRED`.
 */
export function isRowExpired(row: BoardRow): boolean {
  const phase = phaseOf(row);
  return (
    (phase === 'error' && row.error?.code === 'SORA_VIDEO_EXPIRED') ||
    (phase === 'failed' && isVideoExpiredMessage(row.task?.error))
  );
}

/** Whether a row reached the end it should: completed, and saved when downloading. */
function isRowSuccessful(row: BoardRow, downloads: boolean): boolean {
  return phaseOf(row) === (downloads ? 'saved' : 'completed');
}

/** Whether a row will not change any more: failed, errored, saved, or completed with no download. */
export function isRowEnded(row: BoardRow, downloads: boolean): boolean {
  const phase = phaseOf(row);
  return (
    phase === 'failed' ||
    phase === 'error' ||
    phase === 'saved' ||
    (phase === 'completed' && !downloads)
  );
}

/** The name a row goes by: its task id, or its key until the id is known. */
export function rowLabel(row: BoardRow): string {
  return row.id ?? row.key;
}

/** How long the task has run (or ran, once terminal), from its `created` time, where sent. */
export function elapsedOf(row: BoardRow, now: number): number | undefined {
  if (row.task?.created === undefined) return undefined;
  const end = row.finishedAt ?? now;
  return Math.max(0, end - row.task.created * 1000);
}

/** When the task finished, where a gateway says (OpenAI sends `completed_at`, Unix seconds). */
function finishTimeOf(task: VideoTask): number | undefined {
  const completedAt = (task as Record<string, unknown>).completed_at;
  return typeof completedAt === 'number' && Number.isFinite(completedAt)
    ? completedAt * 1000
    : undefined;
}

/** What a row's task cost in USD, where its gateway reported it (read by `taskCost`). */
export function rowCost(row: BoardRow): number | undefined {
  return row.task === undefined ? undefined : taskCost(row.task);
}

/** What the board's tasks cost together, and how many reported a cost; `undefined` if none did. */
export function boardCost(
  board: Board,
): { readonly total: number; readonly costed: number } | undefined {
  const costs = board.rows.map(rowCost).filter((cost) => cost !== undefined);
  if (costs.length === 0) return undefined;
  return { total: costs.reduce((sum, cost) => sum + cost, 0), costed: costs.length };
}

/** Counts of rows by outcome. */
export interface BoardSummary {
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  readonly errors: number;
  readonly saved: number;
  /** Rows that never reached an end (only after an interruption). */
  readonly unfinished: number;
  /** Whether every row completed, and was saved when downloading. */
  readonly ok: boolean;
}

/** Counts the rows of a board by outcome. */
export function summarizeBoard(board: Board): BoardSummary {
  const phases = board.rows.map(phaseOf);
  const count = (...wanted: RowPhase[]) => phases.filter((phase) => wanted.includes(phase)).length;
  return {
    total: board.rows.length,
    completed: count('completed', 'downloading', 'saved'),
    failed: count('failed'),
    errors: count('error'),
    saved: count('saved'),
    unfinished: count('pending', 'queued', 'processing', 'downloading'),
    ok: board.rows.every((row) => isRowSuccessful(row, board.downloads)),
  };
}
