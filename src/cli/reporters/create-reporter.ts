import type { BoardReporter } from '../watch/reporter.js';
import { createJsonReporter } from './json-reporter.js';
import { createPlainReporter } from './plain-reporter.js';
import type { ReporterContext } from './reporter-context.js';

/** How a watch is shown. */
export type ReporterMode = 'live' | 'plain' | 'json';

/** `--json` wins; otherwise the live view on a terminal and plain lines anywhere else. */
export function chooseReporterMode(json: boolean, isTTY: boolean | undefined): ReporterMode {
  if (json) return 'json';
  return isTTY === true ? 'live' : 'plain';
}

/** The reporter of a mode. The live view's terminal libraries load only when it is used. */
export async function createReporter(
  mode: ReporterMode,
  context: ReporterContext,
): Promise<BoardReporter> {
  switch (mode) {
    case 'live': {
      const { createLiveReporter } = await import('./live-reporter.js');
      return createLiveReporter(context);
    }
    case 'plain':
      return createPlainReporter(context);
    case 'json':
      return createJsonReporter(context);
  }
}
