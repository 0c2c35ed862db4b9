import type { Command } from 'commander';
import { resolveConnection } from '../config.js';
import { addJournalOptions } from '../journal/journal-flags.js';
import type { TaskActionFlags } from './cancel-delete-runner.js';
import type { CommandContext } from './command-context.js';
import { addConnectionOptions } from './connection-options.js';

const EXIT_CODES = `
Exit codes:
  0    the gateway accepted it
  1    the request failed (such as 404 for an unknown task, 409 for a task past cancelling)
  2    usage or configuration error, or a dialect without it (nothing was sent)`;

/** Registers `sora-rx cancel ID` and `sora-rx delete ID`. */
export function defineCancelDeleteCommands(program: Command, context: CommandContext): void {
  const cancel = program
    .command('cancel')
    .description('cancel a task on the gateway, so that it stops generating (and costing)')
    .argument('<id>', 'the task id')
    .option('--json', 'print the answer as one JSON object');
  addConnectionOptions(addJournalOptions(cancel))
    .addHelpText(
      'after',
      `
Sends POST {base}/videos/{id}/cancel, the cancel that gateways copying OpenAI's shape add (OpenAI's
own API has none; a gateway without it answers 404 or 405). The openrouter and seed dialects have
no cancel. A task the journal holds is recorded as cancelled, so that \`resume\` leaves it alone.
${EXIT_CODES}`,
    )
    .action(async (id: string, flags: TaskActionFlags) => {
      const connection = resolveConnection(flags, context.io.env);
      const { runTaskAction } = await import('./cancel-delete-runner.js');
      context.setExitCode(await runTaskAction('cancel', id, flags, connection, context));
    });

  const remove = program
    .command('delete')
    .description('delete a completed or failed task and its video from the gateway')
    .argument('<id>', 'the task id')
    .option('--json', 'print the answer as one JSON object');
  addConnectionOptions(addJournalOptions(remove))
    .addHelpText(
      'after',
      `
Sends DELETE {base}/videos/{id}, as OpenAI's video API documents it. The openrouter and seed
dialects have no delete. A task the journal holds and has not saved is recorded as never to be
saved, so that \`resume\` leaves it alone.
${EXIT_CODES}`,
    )
    .action(async (id: string, flags: TaskActionFlags) => {
      const connection = resolveConnection(flags, context.io.env);
      const { runTaskAction } = await import('./cancel-delete-runner.js');
      context.setExitCode(await runTaskAction('delete', id, flags, connection, context));
    });
}
