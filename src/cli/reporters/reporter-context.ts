import type { Output } from '../output.js';
import { type Board, isRowEnded, phaseOf } from '../watch/board.js';

/** What every reporter needs. */
export interface ReporterContext {
  readonly output: Output;
  /** The clock that task times are measured on (the simulator's, in the demo). */
  readonly now: () => number;
  /** Paths are shown relative to it. */
  readonly cwd: string;
  /** What is being watched, for the live view's first line. */
  readonly title: string;
  /** Whether to end with the summary table (the live view always does). */
  readonly table: boolean;
  /** The command that picks up what a Ctrl-C leaves, told with it; none where nothing is kept. */
  readonly resumeCommand?: string | undefined;
}

/**
 * The line printed on stderr when a signal stopped a watch, with the command that picks up the
 * unfinished tasks where the run kept them.
 */
export function interruptedNotice(board: Board, resumeCommand?: string): string {
  const unfinished = board.rows.filter((row) => !isRowEnded(row, board.downloads)).length;
  const what = unfinished === 1 ? '1 unfinished task' : `${unfinished} unfinished tasks`;
  const downloading = board.rows.some((row) => phaseOf(row) === 'downloading');
  const resume =
    unfinished > 0 && resumeCommand !== undefined
      ? ` Run \`${resumeCommand}\` to pick them up.`
      : '';
  return `Interrupted: stopped watching ${what}${downloading ? '; partial downloads were removed' : ''}.${resume}\n`;
}
