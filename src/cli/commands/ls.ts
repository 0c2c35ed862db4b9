import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import type { LsFlags } from './ls-runner.js';

/** Registers `sora-rx ls`. */
export function defineLsCommand(program: Command, context: CommandContext): void {
  program
    .command('ls')
    .description(
      'list the tasks of the journal: id, prompt, status, age, file or error, time left on the URL',
    )
    .option('--journal <path>', 'the journal to read (default: every journal of the state folder)')
    .option('--json', 'print one JSON object per task')
    .option(
      '--prune',
      'first remove the finished tasks (saved, failed, expired, rejected): what resume leaves alone',
    )
    .action(async (flags: LsFlags) => {
      const { runLsCommand } = await import('./ls-runner.js');
      context.setExitCode(await runLsCommand(flags, context));
    });
}
