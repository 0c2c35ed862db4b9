import type { Observable } from 'rxjs';
import type { CreateVideoParams, SoraClient, VideoTask } from '../../index.js';
import type { Connection, ConnectionFlags } from '../config.js';
import { createClient } from '../create-client.js';
import { describeError } from '../describe-error.js';
import { exitCodeOf } from '../interrupt.js';
import type { JournalFlags } from '../journal/journal-flags.js';
import { openCliJournal } from '../journal/open-cli-journal.js';
import { keyRefusedError } from '../key-refused.js';
import { prepareDownloadDir } from '../prepare-download-dir.js';
import { chooseReporterMode } from '../reporters/create-reporter.js';
import { runOnce } from '../run-once.js';
import { UsageError } from '../usage-error.js';
import { createRetryNotices, type RetryNotices } from '../watch/retry-notices.js';
import { EXIT_FAILED, judgeWatch } from '../watch/verdict.js';
import { watchAndReport } from '../watch/watch-and-report.js';
import type { CommandContext } from './command-context.js';
import type { ContentFlags, DownloadFlags, PollFlags } from './connection-options.js';
import { contentOptionsOf, pollOptionsOf } from './connection-options.js';

/** The flags of `sora-rx create`. */
export interface CreateFlags
  extends ConnectionFlags,
    PollFlags,
    DownloadFlags,
    ContentFlags,
    JournalFlags {
  readonly prompt: string;
  readonly model?: string | undefined;
  readonly seconds?: number | undefined;
  readonly size?: string | undefined;
  readonly wait?: boolean | undefined;
  readonly download?: string | undefined;
  readonly json?: boolean | undefined;
}

/** Runs `sora-rx create` with its journal (opened first: a journal in use stops it before any request). */
export async function runCreateCommand(
  flags: CreateFlags,
  connection: Connection,
  context: CommandContext,
): Promise<number> {
  // A video must never be paid for when it cannot be saved: the flags and the folder come first.
  contentOptionsOf(flags);
  if (flags.download !== undefined) await prepareDownloadDir(flags.download, context.io.cwd);
  const journal = await openCliJournal(flags, context.io.env, context.output);
  try {
    // One task: every retry of the client's requests, the create's included, is that row's.
    const { retry, notices$ } = createRetryNotices();
    const sora = createClient(connection, { retry, journal });
    return await runCreate(flags, sora, notices$, connection, context);
  } finally {
    await journal?.close();
  }
}

/** Runs `sora-rx create` and resolves with its exit code. */
async function runCreate(
  flags: CreateFlags,
  sora: SoraClient,
  notices$: RetryNotices['notices$'],
  connection: Connection,
  context: CommandContext,
): Promise<number> {
  const { io, output } = context;
  const params: CreateVideoParams = {
    prompt: flags.prompt,
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(flags.seconds === undefined ? {} : { seconds: flags.seconds }),
    ...(flags.size === undefined ? {} : { size: flags.size }),
  };
  if (flags.wait !== true && flags.download === undefined) {
    return createOnly(sora, params, flags.json === true, connection, context);
  }
  const poll = pollOptionsOf(flags);
  const task$ = checked(() => sora.generate$(params, poll));
  return watchAndReport({
    sora,
    targets: [
      {
        // Without --model, the row shows the one the gateway answers with: its default differs
        // between dialects (sora-2, openai/sora-2).
        init: { key: '#1', ...modelOf(flags.model), ...lengthOf(flags.seconds) },
        task$,
        retries$: notices$,
      },
    ],
    dir: flags.download,
    allowPrivateAddresses: flags.allowPrivateAddresses === true,
    content: contentOptionsOf(flags),
    mode: chooseReporterMode(flags.json === true, io.stdout.isTTY),
    output,
    cwd: io.cwd,
    now: Date.now,
    title: 'creating 1 video',
    table: false,
    judge: judgeWatch,
    connection,
  });
}

async function createOnly(
  sora: SoraClient,
  params: CreateVideoParams,
  json: boolean,
  connection: Connection,
  { output }: CommandContext,
): Promise<number> {
  const outcome = await runOnce(checked(() => sora.createVideo$(params)));
  switch (outcome.kind) {
    case 'value': {
      const task = outcome.value;
      output.out(
        json
          ? `${JSON.stringify({ type: 'task', id: task.id, status: task.status, task })}\n`
          : `${task.id}\n`,
      );
      return 0;
    }
    case 'error': {
      const { code, message } = describeError(outcome.error);
      const refused = keyRefusedError({ code, message }, connection);
      if (refused !== undefined) throw refused;
      if (json) output.out(`${JSON.stringify({ type: 'error', id: null, code, message })}\n`);
      else output.err(`sora-rx: ${code}: ${message}\n`);
      return EXIT_FAILED;
    }
    case 'signal':
      output.err('Interrupted: the create request was cancelled.\n');
      return exitCodeOf(outcome.signal);
  }
}

/** The Observable `create` builds; its checks of the params (a `TypeError`) are usage errors. */
function checked(create: () => Observable<VideoTask>): Observable<VideoTask> {
  try {
    return create();
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
}

function modelOf(model: string | undefined): { model?: string } {
  return model === undefined ? {} : { model };
}

function lengthOf(seconds: number | undefined): { seconds?: number } {
  return seconds === undefined ? {} : { seconds };
}
