import type { DownloadProgress } from '../../index.js';
import { type JsonEvent, toInterruptedEvent, toJsonEvent, toSummaryEvent } from '../render/json.js';
import { jsonLine } from '../render/printable.js';
import type { BoardReporter } from '../watch/reporter.js';
import { interruptedNotice, type ReporterContext } from './reporter-context.js';

/** NDJSON on stdout: one event per line, ending with a `summary` (or `interrupted`) event. */
export function createJsonReporter(context: ReporterContext): BoardReporter {
  const { output, now } = context;
  const lastDownload = new Map<string, DownloadProgress>();
  const write = (event: JsonEvent) => output.out(jsonLine(event));
  return {
    start() {},
    update(event, board) {
      const json = toJsonEvent(event, board, lastDownload.get(event.key));
      if (json === undefined) return;
      if (event.type === 'download') lastDownload.set(event.key, event.progress);
      write(json);
    },
    finish(board, verdict) {
      write(toSummaryEvent(board, verdict, now()));
    },
    interrupt(board, signal) {
      write(toInterruptedEvent(board, signal, now()));
      output.err(interruptedNotice(board, context.resumeCommand));
    },
  };
}
