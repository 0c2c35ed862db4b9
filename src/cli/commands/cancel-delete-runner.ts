import { map, type Observable } from 'rxjs';
import { videoPath } from '../../api/api-request.js';
import type { SoraClient, VideoTask } from '../../index.js';
import { cancellingDialect } from '../cancelling-dialect.js';
import type { Connection, ConnectionFlags } from '../config.js';
import { createClient } from '../create-client.js';
import { describeError } from '../describe-error.js';
import { exitCodeOf } from '../interrupt.js';
import type { JournalFlags } from '../journal/journal-flags.js';
import { openCliJournal } from '../journal/open-cli-journal.js';
import { keyRefusedError } from '../key-refused.js';
import { printable } from '../render/printable.js';
import { runOnce } from '../run-once.js';
import { UsageError } from '../usage-error.js';
import { EXIT_FAILED } from '../watch/verdict.js';
import type { CommandContext } from './command-context.js';

/** The flags of `sora-rx cancel` and `sora-rx delete`. */
export interface TaskActionFlags extends ConnectionFlags, JournalFlags {
  readonly json?: boolean | undefined;
}

/**
 * Runs `sora-rx cancel ID` or `sora-rx delete ID` and resolves with the exit code. The id and the
 * dialect are checked before the journal is opened or anything is sent.
 */
export async function runTaskAction(
  action: 'cancel' | 'delete',
  id: string,
  flags: TaskActionFlags,
  connection: Connection,
  context: CommandContext,
): Promise<number> {
  const dialect = cancellingDialect(connection);
  if ((action === 'cancel' ? dialect.cancelRequest : dialect.deleteRequest) === undefined) {
    throw new UsageError(
      `the ${dialect.name} dialect has no ${action}: ${action === 'cancel' ? "only a gateway of OpenAI's shape (--dialect openai) may serve one" : "only OpenAI's shape (--dialect openai) has one"}`,
    );
  }
  // The id is checked before the journal is opened: a bad one must not take its lock for nothing.
  checkId(id);
  const journal = await openCliJournal(flags, context.io.env, context.output);
  try {
    const sora = createClient(connection, { dialect, journal });
    return await report(action, id, request$(action, id, sora), flags, connection, context);
  } finally {
    await journal?.close();
  }
}

/** Throws a usage error for an id that cannot be a task's. */
function checkId(id: string): void {
  try {
    videoPath(id);
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
}

/** The request, checked already. */
function request$(
  action: 'cancel' | 'delete',
  id: string,
  sora: SoraClient,
): Observable<VideoTask | undefined> {
  return action === 'cancel'
    ? sora.cancelVideo$(id)
    : sora.deleteVideo$(id).pipe(map(() => undefined));
}

async function report(
  action: 'cancel' | 'delete',
  id: string,
  answer$: Observable<VideoTask | undefined>,
  flags: TaskActionFlags,
  connection: Connection,
  { output }: CommandContext,
): Promise<number> {
  const outcome = await runOnce(answer$);
  const json = flags.json === true;
  switch (outcome.kind) {
    case 'value': {
      const task = outcome.value;
      const type = action === 'cancel' ? 'cancelled' : 'deleted';
      if (json) {
        output.out(`${JSON.stringify({ type, id, ...(task === undefined ? {} : { task }) })}\n`);
      } else {
        const status = task === undefined ? '' : ` (now ${task.status})`;
        output.out(`${type} ${printable(id)}${status}\n`);
      }
      return 0;
    }
    case 'error': {
      const { code, message } = describeError(outcome.error);
      const refused = keyRefusedError({ code, message }, connection);
      if (refused !== undefined) throw refused;
      if (json) output.out(`${JSON.stringify({ type: 'error', id, code, message })}\n`);
      else output.err(`sora-rx: ${code}: ${printable(message)}\n`);
      return EXIT_FAILED;
    }
    case 'signal':
      output.err(`Interrupted: the ${action} request was cancelled.\n`);
      return exitCodeOf(outcome.signal);
  }
}
