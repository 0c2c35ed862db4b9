import type { Observable } from 'rxjs';
import type { CreateVideoParams, SoraClient, VideoTask } from '../../index.js';
import type { Connection, ConnectionFlags } from '../config.js';
import { createClient } from '../create-client.js';
import { describeError } from '../describe-error.js';
import { exitCodeOf } from '../interrupt.js';
import type { JournalFlags } from '../journal/journal-flags.js';
import { openCliJournal } from '../journal/open-cli-journal.js';
import { chooseReporterMode } from '../reporters/create-reporter.js';
import { runOnce } from '../run-once.js';
import { UsageError } from '../usage-error.js';
import { EXIT_FAILED, judgeWatch } from '../watch/verdict.js';
import { watchAndReport } from '../watch/watch-and-report.js';
import type { CommandContext } from './command-context.js';
import type { DownloadFlags, PollFlags } from './connection-options.js';
import { pollOptionsOf } from './connection-options.js';

/** The flags of `sora-rx create`. */
export interface CreateFlags extends ConnectionFlags, PollFlags, DownloadFlags, JournalFlags {
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
  const journal = await openCliJournal(flags, context.io.env, context.output);
  try {
    return await runCreate(flags, createClient(connection, journal), context);
  } finally {
    await journal?.close();
  }
}

/** Runs `sora-rx create` and resolves with its exit code. */
async function runCreate(
  flags: CreateFlags,
  sora: SoraClient,
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
    return createOnly(sora, params, flags.json === true, context);
  }
  const poll = pollOptionsOf(flags);
  const task$ = checked(() => sora.generate$(params, poll));
  return watchAndReport({
    sora,
    targets: [
      {
        init: { key: '#1', model: flags.model ?? 'sora-2', ...lengthOf(flags.seconds) },
        task$,
      },
    ],
    dir: flags.download,
    allowPrivateAddresses: flags.allowPrivateAddresses === true,
    mode: chooseReporterMode(flags.json === true, io.stdout.isTTY),
    output,
    cwd: io.cwd,
    now: Date.now,
    title: 'creating 1 video',
    table: false,
    judge: judgeWatch,
  });
}

async function createOnly(
  sora: SoraClient,
  params: CreateVideoParams,
  json: boolean,
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

function lengthOf(seconds: number | undefined): { seconds?: number } {
  return seconds === undefined ? {} : { seconds };
}
