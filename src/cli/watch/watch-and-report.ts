import path from 'node:path';
import { map, takeWhile } from 'rxjs';
import type { DownloadOptions, SoraClient } from '../../index.js';
import type { Connection } from '../config.js';
import { exitCodeOf } from '../interrupt.js';
import { keyRefusedError } from '../key-refused.js';
import type { Output } from '../output.js';
import { createReporter, type ReporterMode } from '../reporters/create-reporter.js';
import { unreachableError } from '../unreachable.js';
import type { UsageError } from '../usage-error.js';
import { withVersionPrefixHint } from '../version-prefix-hint.js';
import { type Board, createBoard, type LearnedEstimates } from './board.js';
import { type WatchTarget, watchBoard$ } from './board-events.js';
import type { Verdict } from './reporter.js';
import { runWatch } from './run-watch.js';

/** A watch to run and show. */
export interface WatchAndReportOptions {
  readonly sora: SoraClient;
  readonly targets: readonly WatchTarget[];
  /** Where to save completed videos; none when undefined. */
  readonly dir: string | undefined;
  /** Whether downloads may reach private addresses beyond the API's origin (the CLI says no). */
  readonly allowPrivateAddresses: boolean;
  /** Which file of each task to save: its video unless `variant` or `index` says otherwise. */
  readonly content?: Pick<DownloadOptions, 'variant' | 'index'> | undefined;
  readonly mode: ReporterMode;
  readonly output: Output;
  readonly cwd: string;
  /** The clock task times are measured on. */
  readonly now: () => number;
  /** What is being watched, for the live view. */
  readonly title: string;
  /** Whether plain output ends with the summary table too. */
  readonly table: boolean;
  /** Judges the final board: success, exit code, message. */
  readonly judge: (board: Board) => Verdict;
  /**
   * Where the key and the base URL came from: a key the API refuses, or a base URL where nothing
   * answers the first requests, then ends the watch as a configuration error.
   */
  readonly connection?: Pick<Connection, 'apiKeySource' | 'baseUrl' | 'baseUrlSource'> | undefined;
  /** The command that picks up what a Ctrl-C leaves (`sora-rx resume`), where the run journals. */
  readonly resumeCommand?: string | undefined;
  /** What earlier runs taught of the gateway's generation times, for the time left shown. */
  readonly learned?: LearnedEstimates | undefined;
}

/**
 * Watches every target (and downloads, with `dir`) while showing it, then prints the summary.
 * Resolves with the exit code: the verdict's, or 130 after Ctrl-C.
 */
export async function watchAndReport(options: WatchAndReportOptions): Promise<number> {
  const { sora, targets, dir, allowPrivateAddresses, output, cwd, now, title, table } = options;
  const board = createBoard(
    targets.map((target) => target.init),
    dir !== undefined,
    options.learned,
  );
  let refused: UsageError | undefined;
  let answered = false;
  const events$ = watchBoard$(
    targets,
    dir === undefined
      ? undefined
      : // Absolute, as the journal records it: a resume from another folder saves it here too.
        sora.downloadWhenCompleted({
          dir: path.resolve(cwd, dir),
          allowPrivateAddresses,
          ...options.content,
        }),
  ).pipe(
    // A 404 from a base URL without its version prefix says what is likely wrong.
    map((event) =>
      event.type === 'error' && options.connection !== undefined
        ? { ...event, error: withVersionPrefixHint(event.error, options.connection.baseUrl) }
        : event,
    ),
    // A refused key fails every task alike: the first refusal ends the watch, and every request;
    // so does a base URL where nothing answers, before any request of the run was answered.
    takeWhile((event) => {
      const { connection } = options;
      if (event.type === 'task') answered = true;
      if (connection === undefined) return true;
      if (event.type === 'error') refused = keyRefusedError(event.error, connection);
      if (event.type === 'retry' && !answered) refused = unreachableError(event.reason, connection);
      return refused === undefined;
    }),
  );
  const { resumeCommand } = options;
  const reporter = await createReporter(options.mode, {
    output,
    now,
    cwd,
    title,
    table,
    resumeCommand,
  });
  const outcome = await runWatch(events$, board, reporter, now);
  if (outcome.signal !== undefined) return exitCodeOf(outcome.signal);
  if (refused !== undefined) {
    reporter.abandon?.();
    throw refused;
  }
  const verdict = options.judge(outcome.board);
  reporter.finish(outcome.board, verdict);
  return verdict.exitCode;
}
