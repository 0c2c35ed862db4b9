import { renderPlainLines } from '../render/plain.js';
import { createColors } from '../render/style.js';
import { renderCostTotal, renderSummaryTable } from '../render/summary.js';
import type { BoardReporter } from '../watch/reporter.js';
import { interruptedNotice, type ReporterContext } from './reporter-context.js';

/** Plain lines for pipes and logs: one per change, no colours and no escape codes. */
export function createPlainReporter(context: ReporterContext): BoardReporter {
  const { output, now, cwd } = context;
  return {
    start() {},
    update(event, board, previous) {
      for (const line of renderPlainLines(event, board, previous, now(), cwd)) {
        output.out(`${line}\n`);
      }
    },
    finish(board, verdict) {
      if (context.table) {
        output.out(
          `${renderSummaryTable(board, now(), { colors: createColors(false), cwd, borders: false })}\n`,
        );
      }
      const cost = renderCostTotal(board);
      if (cost !== undefined) output.out(`${cost}\n`);
      output.out(`${verdict.message}\n`);
    },
    interrupt(board) {
      output.err(interruptedNotice(board, context.resumeCommand));
    },
  };
}
