import {
  applyBoardEvent,
  type Board,
  type BoardEvent,
  createBoard,
  type RowInit,
} from '../../src/cli/watch/board.js';
import type { DownloadProgress, VideoTask } from '../../src/index.js';

/** A moment on the board's clock: 2026-01-01T00:00:00Z. */
export const T0 = Date.UTC(2026, 0, 1);

/** A task created at `T0` unless said otherwise. */
export function makeTask(overrides: Partial<VideoTask> = {}): VideoTask {
  return {
    id: 'sora_abc123',
    object: 'video.generation',
    created: T0 / 1000,
    model: 'sora-2',
    status: 'queued',
    video_url: null,
    error: null,
    ...overrides,
  };
}

/** The task with the usage OpenRouter reports once a task ends: `usage: { cost, is_byok }`. */
export function withCost(task: VideoTask, cost: unknown): VideoTask {
  return { ...task, usage: { cost, is_byok: false } } as VideoTask;
}

/** Download progress of `file`. */
export function makeProgress(overrides: Partial<DownloadProgress> = {}): DownloadProgress {
  return {
    file: '/work/videos/sora_abc123.mp4',
    bytes: 0,
    totalBytes: 2 * 1024 * 1024,
    done: false,
    ...overrides,
  };
}

/** A board after `events`, each applied at time `at`. */
export function boardAfter(
  rows: readonly RowInit[],
  events: readonly BoardEvent[],
  { downloads = false, at = T0 } = {},
): Board {
  return events.reduce(
    (board, event) => applyBoardEvent(board, event, at),
    createBoard(rows, downloads),
  );
}

/** Matches the start of any ANSI escape sequence (ESC, then `[`). */
export const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[`);
