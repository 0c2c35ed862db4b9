import { createLogUpdate } from 'log-update';
import { renderLiveView } from '../render/live-view.js';
import { COLORS_SUPPORTED, createColors } from '../render/style.js';
import { renderCostTotal, renderProblems, renderSummaryTable } from '../render/summary.js';
import type { Board } from '../watch/board.js';
import type { BoardReporter } from '../watch/reporter.js';
import { interruptedNotice, type ReporterContext } from './reporter-context.js';

const FRAME_MS = 100;
const FOOTER = 'Ctrl-C to stop';

/**
 * The live view on a terminal: redrawn in place ten times a second, so that elapsed times tick
 * and spinners turn between events. At the end the summary table takes its place; after Ctrl-C
 * the last frame stays on screen.
 */
export function createLiveReporter(context: ReporterContext): BoardReporter {
  const { output, now, cwd, title } = context;
  const colors = createColors(COLORS_SUPPORTED);
  const log = createLogUpdate(output.stdout);
  let board: Board | undefined;
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const terminalWidth = () => Math.max(40, (output.stdout.columns ?? 80) - 1);
  const draw = (footer: string | undefined) => {
    if (board === undefined) return;
    const width = terminalWidth();
    const redact = output.redact;
    log(renderLiveView(board, now(), { colors, width, frame, cwd, title, footer, redact }));
  };
  const stop = (last: Board, keepFrame: boolean) => {
    if (timer !== undefined) clearInterval(timer);
    board = last;
    if (keepFrame) {
      draw(undefined);
      log.done();
    } else {
      log.clear();
      log.done();
    }
  };

  return {
    start(initial) {
      board = initial;
      draw(FOOTER);
      timer = setInterval(() => {
        frame += 1;
        draw(FOOTER);
      }, FRAME_MS);
      timer.unref();
    },
    update(_event, next) {
      board = next;
    },
    finish(last, verdict) {
      // The table takes the live view's place; the reasons of failures follow it.
      stop(last, false);
      const at = now();
      output.out(`${renderSummaryTable(last, at, { colors, cwd, width: terminalWidth() })}\n`);
      for (const line of renderProblems(last, at, { colors, cwd })) output.out(`${line}\n`);
      const cost = renderCostTotal(last);
      if (cost !== undefined) output.out(`${cost}\n`);
      output.out(`${(verdict.ok ? colors.green : colors.red)(verdict.message)}\n`);
    },
    interrupt(last) {
      // The last frame stays: it shows where each task was when stopped.
      stop(last, true);
      output.err(interruptedNotice(last, context.resumeCommand));
    },
    abandon() {
      if (board !== undefined) stop(board, false);
    },
  };
}
