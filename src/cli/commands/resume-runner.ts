import { map, merge, type Observable } from 'rxjs';
import { isSoraError, type Journal, type ResumeEvent, type SoraClient } from '../../index.js';
import { bySoonestExpiry } from '../../journal/entry-expiry.js';
import { fileJournal } from '../../journal/file-journal.js';
import { JournalFold } from '../../journal/journal-fold.js';
import { isSettled } from '../../journal/journal-record.js';
import type { Connection, ConnectionFlags } from '../config.js';
import { createClient } from '../create-client.js';
import { describeError, type ErrorInfo } from '../describe-error.js';
import { exitCodeOf } from '../interrupt.js';
import { defaultJournalPaths } from '../journal/open-cli-journal.js';
import { printable } from '../render/printable.js';
import { chooseReporterMode, createReporter } from '../reporters/create-reporter.js';
import { UsageError } from '../usage-error.js';
import { type BoardEvent, createBoard, type RowInit } from '../watch/board.js';
import { runWatch } from '../watch/run-watch.js';
import { EXIT_FAILED, judgeWatch } from '../watch/verdict.js';
import type { CommandContext } from './command-context.js';
import type { DownloadFlags } from './connection-options.js';

/** The flags of `sora-rx resume`. */
export interface ResumeFlags extends ConnectionFlags, DownloadFlags {
  readonly journal?: string | undefined;
  readonly download?: string | undefined;
  readonly recreateUncertain?: boolean | undefined;
  readonly json?: boolean | undefined;
}

/** One journal opened for a resume, with the rows of its unsettled tasks. */
interface OpenedJournal {
  readonly journal: Journal;
  readonly rows: RowInit[];
}

/**
 * Runs `sora-rx resume`: every unsettled task of the journals (the default ones, or `--journal`)
 * is watched and its video saved, with the live view, as `watch --download` shows them; uncertain
 * creates are shown as errors unless `--recreate-uncertain`. A default journal in use by another
 * `sora-rx` is left to it. Resolves with the exit code.
 */
export async function runResumeCommand(
  flags: ResumeFlags,
  connection: Connection,
  context: CommandContext,
): Promise<number> {
  const { io, output } = context;
  const { opened, skipped } = await openJournals(flags, context);
  // A journal left to another process was not resumed: the run never says all is done.
  const skippedCode = skipped.length === 0 ? 0 : EXIT_FAILED;
  const skippedNote =
    skipped.length === 0
      ? ''
      : `sora-rx: ${skipped.length} ${skipped.length === 1 ? 'journal in use by another process was' : 'journals in use by other processes were'} not resumed: ${printable(skipped.join(', '))}\n`;
  try {
    const rows = opened.flatMap(({ rows }) => rows);
    if (rows.length === 0) {
      const names = opened.map(({ journal }) => journal.name).join(', ') || 'the journal';
      output.err(`Nothing to resume in ${names}.\n${skippedNote}`);
      return skippedCode;
    }
    const events$ = merge(
      ...opened.map(({ journal }) =>
        resumeEvents(createClient(connection, { journal }), io.cwd, flags),
      ),
    );
    const now = Date.now;
    const board = createBoard(rows, true);
    const mode = chooseReporterMode(flags.json === true, io.stdout.isTTY);
    const title = `resuming ${rows.length} ${rows.length === 1 ? 'task' : 'tasks'}`;
    const reporter = await createReporter(mode, { output, now, cwd: io.cwd, title, table: false });
    const outcome = await runWatch(events$, board, reporter, now);
    if (outcome.signal !== undefined) return exitCodeOf(outcome.signal);
    const verdict = judgeWatch(outcome.board);
    reporter.finish(outcome.board, verdict);
    output.err(skippedNote);
    return Math.max(verdict.exitCode, skippedCode);
  } finally {
    await Promise.all(opened.map(({ journal }) => journal.close()));
  }
}

/**
 * The events of one client's `resume$`, as board events on the rows of {@link rowKeyOf}. Videos go
 * to `--download`, else to the folder the journal recorded for them, else to the current folder.
 */
function resumeEvents(sora: SoraClient, cwd: string, flags: ResumeFlags): Observable<BoardEvent> {
  return sora
    .resume$({
      dir: flags.download,
      defaultDir: cwd,
      recreateUncertain: flags.recreateUncertain === true,
      download: { allowPrivateAddresses: flags.allowPrivateAddresses === true },
    })
    .pipe(map(toBoardEvent));
}

function toBoardEvent(event: ResumeEvent): BoardEvent {
  const key = event.key ?? (event.type === 'uncertain' ? '' : (event.id ?? ''));
  switch (event.type) {
    case 'task':
      return { type: 'task', key, task: event.task };
    case 'download':
      return { type: 'download', key, progress: event.progress };
    case 'uncertain':
      return { type: 'error', key, error: describeUncertain(event.key) };
    default:
      return { type: 'error', key, error: describeError(event.error) };
  }
}

/** An uncertain create as the CLI tells it: with its flag, not the library's option. */
function describeUncertain(key: string): ErrorInfo {
  return {
    code: 'SORA_UNCERTAIN_CREATE',
    message:
      `A create (idempotency key ${key}) may or may not have reached the server; run ` +
      '`sora-rx resume --recreate-uncertain` to send it again with the same key, or ' +
      `\`sora-rx forget ${key}\` to let it go`,
  };
}

/** A row's key: the create's idempotency key, else the task id. */
function rowKeyOf(entry: { key?: string | undefined; id?: string | undefined }): string {
  return entry.key ?? entry.id ?? '';
}

async function openJournals(flags: ResumeFlags, { io, output }: CommandContext) {
  const paths = flags.journal === undefined ? await defaultJournalPaths(io.env) : [flags.journal];
  const opened: OpenedJournal[] = [];
  const skipped: string[] = [];
  for (const file of paths) {
    const journal = fileJournal(file);
    let records: Awaited<ReturnType<Journal['load']>>;
    try {
      records = await journal.load();
    } catch (error) {
      if (flags.journal === undefined && isSoraError(error, 'SORA_JOURNAL_LOCKED')) {
        output.err(`sora-rx: skipping ${file}: ${printable(error.message.split(';')[0] ?? '')}\n`);
        skipped.push(file);
        continue;
      }
      await Promise.all(opened.map((open) => open.journal.close()));
      throw isSoraError(error) ? new UsageError(error.message) : error;
    }
    const fold = new JournalFold();
    for (const record of records) fold.add(record);
    // In the order resume$ takes them: the videos that expire soonest first.
    const rows = bySoonestExpiry(fold.entries().filter((entry) => !isSettled(entry))).map(
      (entry): RowInit => ({
        key: rowKeyOf(entry),
        ...(entry.id === undefined ? {} : { id: entry.id }),
        ...(entry.params?.model === undefined ? {} : { model: entry.params.model }),
        ...(entry.params?.seconds === undefined ? {} : { seconds: Number(entry.params.seconds) }),
      }),
    );
    opened.push({ journal, rows });
  }
  return { opened, skipped };
}
