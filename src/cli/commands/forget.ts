import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import type { ForgetFlags } from './forget-runner.js';

/** Registers `sora-rx forget <key|id...>`. */
export function defineForgetCommand(program: Command, context: CommandContext): void {
  program
    .command('forget')
    .description(
      'remove tasks from the journal, by idempotency key or task id: an uncertain create you gave up on, a task you do not want resumed',
    )
    .argument('<key-or-id...>', 'the idempotency keys or task ids, as `sora-rx ls` shows them')
    .option(
      '--journal <path>',
      'the journal to change (default: every journal of the state folder)',
    )
    .action(async (names: string[], flags: ForgetFlags) => {
      const { runForgetCommand } = await import('./forget-runner.js');
      context.setExitCode(await runForgetCommand(names, flags, context));
    });
}
