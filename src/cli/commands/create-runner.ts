import { EMPTY, merge, mergeMap, type Observable, tap, throwError } from 'rxjs';
import type { CreateVideoParams, Dialect, SoraClient, VideoImage, VideoTask } from '../../index.js';
import { cancellingDialect } from '../cancelling-dialect.js';
import type { Connection, ConnectionFlags } from '../config.js';
import { createClient } from '../create-client.js';
import { describeError } from '../describe-error.js';
import { exitCodeOf } from '../interrupt.js';
import { type JournalFlags, resumeCommandOf } from '../journal/journal-flags.js';
import { learnedEstimates } from '../journal/learned-estimates.js';
import { openCliJournal } from '../journal/open-cli-journal.js';
import { keyRefusedError } from '../key-refused.js';
import { prepareDownloadDir } from '../prepare-download-dir.js';
import { jsonLine, printable } from '../render/printable.js';
import { chooseReporterMode } from '../reporters/create-reporter.js';
import { runOnce } from '../run-once.js';
import { unreachableError } from '../unreachable.js';
import { UsageError } from '../usage-error.js';
import { withVersionPrefixHint } from '../version-prefix-hint.js';
import type { LearnedEstimates } from '../watch/board.js';
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
  /** Unset only with `--from`, which `runBatchCreate` runs. */
  readonly prompt: string;
  readonly model?: string | undefined;
  readonly seconds?: number | undefined;
  readonly size?: string | undefined;
  /** `--image`, each a reference image. */
  readonly image?: readonly string[] | undefined;
  readonly firstFrame?: string | undefined;
  readonly lastFrame?: string | undefined;
  /** `--remix`: the id of a completed video. */
  readonly remix?: string | undefined;
  readonly wait?: boolean | undefined;
  readonly download?: string | undefined;
  readonly json?: boolean | undefined;
  readonly cancelOnExit?: boolean | undefined;
}

/** Runs `sora-rx create` with its journal (opened first: a journal in use stops it before any request). */
export async function runCreateCommand(
  flags: CreateFlags,
  connection: Connection,
  context: CommandContext,
): Promise<number> {
  const dialect = flags.cancelOnExit === true ? dialectToCancelIn(flags, connection) : undefined;
  // A video must never be paid for when it cannot be saved: the flags and the folder come first.
  contentOptionsOf(flags);
  if (flags.download !== undefined) await prepareDownloadDir(flags.download, context.io.cwd);
  const journal = await openCliJournal(flags, context.io.env, context.output);
  try {
    // One task: every retry of the client's requests, the create's included, is that row's.
    const { retry, notices$ } = createRetryNotices();
    const sora = createClient(connection, { retry, journal, dialect });
    const learned = await learnedEstimates(journal);
    return await runCreate(flags, sora, notices$, connection, context, learned);
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
  learned: LearnedEstimates,
): Promise<number> {
  const { io, output } = context;
  const params: CreateVideoParams = {
    prompt: flags.prompt,
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(flags.seconds === undefined ? {} : { seconds: flags.seconds }),
    ...(flags.size === undefined ? {} : { size: flags.size }),
    ...imagesOf(flags),
    ...(flags.remix === undefined ? {} : { remixOf: flags.remix }),
  };
  if (flags.wait !== true && flags.download === undefined) {
    return createOnly(sora, params, flags.json === true, { connection, notices$ }, context);
  }
  const poll = pollOptionsOf(flags);
  let last: VideoTask | undefined;
  const task$ = checked(() => sora.generate$(params, poll)).pipe(tap((task) => (last = task)));
  const code = await watchAndReport({
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
    resumeCommand: resumeCommandOf(flags),
    learned,
  });
  const interrupted = code === exitCodeOf('SIGINT') || code === exitCodeOf('SIGTERM');
  if (flags.cancelOnExit === true && interrupted) await cancelLeft(sora, last, context);
  return code;
}

/**
 * The dialect of `--cancel-on-exit`, checked before anything is sent: the flag needs a watch,
 * and a dialect with a cancel.
 */
function dialectToCancelIn(flags: CreateFlags, connection: Connection): Dialect {
  if (flags.wait !== true && flags.download === undefined) {
    throw new UsageError('--cancel-on-exit needs --wait or --download: without them nothing waits');
  }
  const dialect = cancellingDialect(connection);
  if (dialect.cancelRequest === undefined) {
    throw new UsageError(
      `--cancel-on-exit: the ${dialect.name} dialect has no cancel: only a gateway of OpenAI's shape (--dialect openai) may serve one`,
    );
  }
  return dialect;
}

/**
 * Cancels the task a Ctrl-C left unfinished, and says how it went. A task whose create had not
 * answered yet is unknown here: the journal holds its create as uncertain.
 */
async function cancelLeft(
  sora: SoraClient,
  task: VideoTask | undefined,
  { output }: CommandContext,
): Promise<void> {
  if (task === undefined) {
    output.err('The create had not answered: no task to cancel (`sora-rx ls` shows it).\n');
    return;
  }
  if (task.status === 'completed' || task.status === 'failed') return;
  const outcome = await runOnce(sora.cancelVideo$(task.id));
  if (outcome.kind === 'value') output.err(`Cancelled ${task.id} on the gateway.\n`);
  else if (outcome.kind === 'error') {
    const { code, message } = describeError(outcome.error);
    output.err(`sora-rx: could not cancel ${task.id}: ${code}: ${message}\n`);
  }
}

async function createOnly(
  sora: SoraClient,
  params: CreateVideoParams,
  json: boolean,
  { connection, notices$ }: { connection: Connection; notices$: RetryNotices['notices$'] },
  { output }: CommandContext,
): Promise<number> {
  // The create's first retries tell a base URL where nothing answers: said at once, exit 2.
  const unreachable$ = notices$.pipe(
    mergeMap(({ reason }) => {
      const error = unreachableError(reason, connection);
      return error === undefined ? EMPTY : throwError(() => error);
    }),
  );
  const outcome = await runOnce(
    merge(
      checked(() => sora.createVideo$(params)),
      unreachable$,
    ),
  );
  switch (outcome.kind) {
    case 'value': {
      const task = outcome.value;
      output.out(
        json
          ? jsonLine({ type: 'task', id: task.id, status: task.status, task })
          : `${printable(task.id)}\n`,
      );
      return 0;
    }
    case 'error': {
      if (outcome.error instanceof UsageError) throw outcome.error;
      const { code, message } = withVersionPrefixHint(
        describeError(outcome.error),
        connection.baseUrl,
      );
      const refused = keyRefusedError({ code, message }, connection);
      if (refused !== undefined) throw refused;
      if (json) output.out(jsonLine({ type: 'error', id: null, code, message }));
      else output.err(`sora-rx: ${code}: ${printable(message)}\n`);
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

/** The images of `--first-frame`, `--image` and `--last-frame`, in that order. */
function imagesOf(flags: CreateFlags): Pick<CreateVideoParams, 'images'> {
  const images: VideoImage[] = [
    ...(flags.firstFrame === undefined
      ? []
      : [{ url: flags.firstFrame, role: 'first_frame' as const }]),
    ...(flags.image ?? []).map((url) => ({ url })),
    ...(flags.lastFrame === undefined
      ? []
      : [{ url: flags.lastFrame, role: 'last_frame' as const }]),
  ];
  return images.length === 0 ? {} : { images };
}

function modelOf(model: string | undefined): { model?: string } {
  return model === undefined ? {} : { model };
}

function lengthOf(seconds: number | undefined): { seconds?: number } {
  return seconds === undefined ? {} : { seconds };
}
