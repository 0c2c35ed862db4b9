import { type Board, summarizeBoard } from './board.js';
import type { Verdict } from './reporter.js';

/** The exit code when a task failed or errored. */
export const EXIT_FAILED = 1;

/** A watch succeeds when every task completed (and its video was saved, when downloading). */
export function judgeWatch(board: Board): Verdict {
  const { total, completed, failed, errors, saved, ok } = summarizeBoard(board);
  const tasks = `${total} ${total === 1 ? 'task' : 'tasks'}`;
  if (ok) {
    return {
      ok,
      exitCode: 0,
      message: board.downloads ? `All ${tasks} completed and saved.` : `All ${tasks} completed.`,
    };
  }
  const parts = [`${completed} of ${tasks} completed`];
  if (board.downloads) parts.push(`${saved} saved`);
  if (failed > 0) parts.push(`${failed} failed`);
  if (errors > 0) parts.push(`${errors} ${errors === 1 ? 'error' : 'errors'}`);
  return { ok, exitCode: EXIT_FAILED, message: `${parts.join(', ')}.` };
}
