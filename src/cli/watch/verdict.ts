import { type Board, isRowExpired, phaseOf, summarizeBoard } from './board.js';
import type { Verdict } from './reporter.js';

/** The exit code when a task failed or errored. */
export const EXIT_FAILED = 1;

/** A watch succeeds when every task completed (and its video was saved, when downloading). */
export function judgeWatch(board: Board): Verdict {
  const { total, completed, failed, errors, saved, ok } = summarizeBoard(board);
  const tasks = `${total} ${total === 1 ? 'task' : 'tasks'}`;
  if (ok) {
    // "All 1 task" would not agree in number: one task is "the task", two are "both".
    const all = total === 1 ? 'The task' : total === 2 ? 'Both tasks' : `All ${tasks}`;
    const saved = total === 1 ? 'and was saved' : 'and were saved';
    return {
      ok,
      exitCode: 0,
      message: board.downloads ? `${all} completed ${saved}.` : `${all} completed.`,
    };
  }
  // A video that expired is counted apart from other failures and errors, with what to do.
  const expired = board.rows.filter(isRowExpired);
  const expiredFailed = expired.filter((row) => phaseOf(row) === 'failed').length;
  const otherFailed = failed - expiredFailed;
  const otherErrors = errors - (expired.length - expiredFailed);
  const parts = [`${completed} of ${tasks} completed`];
  if (board.downloads) parts.push(`${saved} saved`);
  if (otherFailed > 0) parts.push(`${otherFailed} failed`);
  if (otherErrors > 0) parts.push(`${otherErrors} ${otherErrors === 1 ? 'error' : 'errors'}`);
  if (expired.length > 0) {
    parts.push(
      `${expired.length} expired (generate ${expired.length === 1 ? 'it' : 'them'} again)`,
    );
  }
  return { ok, exitCode: EXIT_FAILED, message: `${parts.join(', ')}.` };
}
