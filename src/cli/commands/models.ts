import type { Command } from 'commander';
import { resolveConnection } from '../config.js';
import type { CommandContext } from './command-context.js';
import { addConnectionOptions } from './connection-options.js';
import type { ModelsFlags } from './models-runner.js';

/** Registers `sora-rx models`. */
export function defineModelsCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('models')
    .description(
      "list the gateway's video models and what each makes: lengths, sizes, resolutions (OpenRouter)",
    )
    .option('--json', 'print one JSON object per model');
  addConnectionOptions(command)
    .addHelpText(
      'after',
      `
Only a gateway with a list of models has them to show: OpenRouter's (--dialect openrouter, the
default for a base URL on openrouter.ai). The model ids are what create's --model takes.

Exit codes:
  0    the models were listed
  1    the request failed
  2    usage or configuration error, or a dialect without a list of models`,
    )
    .action(async (flags: ModelsFlags) => {
      const connection = resolveConnection(flags, context.io.env);
      const { runModelsCommand } = await import('./models-runner.js');
      context.setExitCode(await runModelsCommand(flags, connection, context));
    });
}
