import { defer } from 'rxjs';
import type { SoraClient } from '../../index.js';
import type { Connection, ConnectionFlags } from '../config.js';
import { createClient } from '../create-client.js';
import { type JournalFlags, resumeCommandOf } from '../journal/journal-flags.js';
import { learnedEstimates } from '../journal/learned-estimates.js';
import { openCliJournal } from '../journal/open-cli-journal.js';
import { prepareDownloadDir } from '../prepare-download-dir.js';
import { chooseReporterMode } from '../reporters/create-reporter.js';
import type { LearnedEstimates } from '../watch/board.js';
import type { WatchTarget } from '../watch/board-events.js';
import { createRetryNotices } from '../watch/retry-notices.js';
import { judgeWatch } from '../watch/verdict.js';
import { watchAndReport } from '../watch/watch-and-report.js';
import type { CommandContext } from './command-context.js';
import type { ContentFlags, DownloadFlags, PollFlags } from './connection-options.js';
import { contentOptionsOf, pollOptionsOf } from './connection-options.js';

/** The flags of `sora-rx watch`. */
export interface WatchFlags
  extends ConnectionFlags,
    PollFlags,
    DownloadFlags,
    ContentFlags,
    JournalFlags {
  readonly download?: string | undefined;
  readonly json?: boolean | undefined;
}

/**
 * Runs `sora-rx watch`: every task at once, each with `videoStatus$` (and its download with
 * `downloadWhenCompleted`), and resolves with the exit code.
 */
export async function runWatchCommand(
  ids: readonly string[],
  flags: WatchFlags,
  connection: Connection,
  context: CommandContext,
): Promise<number> {
  contentOptionsOf(flags);
  if (flags.download !== undefined) await prepareDownloadDir(flags.download, context.io.cwd);
  const journal = await openCliJournal(flags, context.io.env, context.output);
  try {
    const sora = createClient(connection, { journal });
    return await runWatch(ids, flags, sora, connection, context, await learnedEstimates(journal));
  } finally {
    await journal?.close();
  }
}

async function runWatch(
  ids: readonly string[],
  flags: WatchFlags,
  sora: SoraClient,
  connection: Connection,
  { io, output }: CommandContext,
  learned: LearnedEstimates,
): Promise<number> {
  const poll = pollOptionsOf(flags);
  const targets: WatchTarget[] = ids.map((id) => {
    const { retry, notices$ } = createRetryNotices();
    return {
      init: { key: id, id },
      task$: defer(() => sora.videoStatus$(id, { ...poll, retry })),
      retries$: notices$,
    };
  });
  return watchAndReport({
    sora,
    targets,
    dir: flags.download,
    allowPrivateAddresses: flags.allowPrivateAddresses === true,
    content: contentOptionsOf(flags),
    mode: chooseReporterMode(flags.json === true, io.stdout.isTTY),
    output,
    cwd: io.cwd,
    now: Date.now,
    title: `watching ${targets.length} ${targets.length === 1 ? 'task' : 'tasks'}`,
    table: false,
    judge: judgeWatch,
    connection,
    resumeCommand: resumeCommandOf(flags),
    learned,
  });
}
