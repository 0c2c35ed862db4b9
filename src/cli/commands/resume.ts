import type { Command } from 'commander';
import { resolveConnection } from '../config.js';
import type { CommandContext } from './command-context.js';
import { addConnectionOptions, addDownloadOptions, CONNECTION_HELP } from './connection-options.js';
import type { ResumeFlags } from './resume-runner.js';

/** Registers `sora-rx resume`. */
export function defineResumeCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('resume')
    .description(
      'pick up the unfinished tasks of the journal after a crash: watch them and save their videos',
    )
    .option(
      '--journal <path>',
      'the journal to resume (default: every journal of the state folder)',
    )
    .option(
      '--download <dir>',
      'save videos whose download never started into DIR (default: the folder given to the create or watch that journaled them, else the current folder)',
    )
    .option(
      '--recreate-uncertain',
      'send again, with the same idempotency key, the creates whose answer was never recorded',
    )
    .option('--json', 'print NDJSON events instead of the live view');
  addConnectionOptions(addDownloadOptions(command))
    .addHelpText('after', CONNECTION_HELP)
    .action(async (flags: ResumeFlags) => {
      const connection = resolveConnection(flags, context.io.env);
      const { runResumeCommand } = await import('./resume-runner.js');
      context.setExitCode(await runResumeCommand(flags, connection, context));
    });
}
