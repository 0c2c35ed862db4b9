import type { Command } from 'commander';
import { resolveConnection } from '../config.js';
import { addJournalOptions } from '../journal/journal-flags.js';
import { parseSize, parseVideoSeconds } from '../parse-options.js';
import type { CommandContext } from './command-context.js';
import {
  addConnectionOptions,
  addContentOptions,
  addDownloadOptions,
  addPollOptions,
  CONNECTION_HELP,
} from './connection-options.js';
import type { CreateFlags } from './create-runner.js';

/** Registers `sora-rx create --prompt TEXT`. */
export function defineCreateCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('create')
    .description('start generating a video; print its id, or watch it to the end with --wait')
    .requiredOption('--prompt <text>', 'what the video shows')
    .option(
      '--model <name>',
      'the model, such as sora-2 or sora-2-pro, or openai/sora-2 on OpenRouter (default: sora-2, or openai/sora-2 on OpenRouter; `sora-rx models` lists them there)',
    )
    .option(
      '--seconds <n>',
      'the video length: 10, 15 or 25 (25 needs sora-2-pro); 4, 8 or 12 on OpenRouter',
      parseVideoSeconds,
    )
    .option('--size <WxH>', 'the video size, such as 1280x720', parseSize)
    .option('--wait', 'watch the task until it completes or fails')
    .option('--download <dir>', 'save the video into DIR once completed (implies --wait)')
    .option('--json', 'print NDJSON events instead of text');
  addConnectionOptions(
    addPollOptions(addContentOptions(addDownloadOptions(addJournalOptions(command)))),
  )
    .addHelpText('after', CONNECTION_HELP)
    .action(async (flags: CreateFlags) => {
      const connection = resolveConnection(flags, context.io.env);
      // Loaded on demand, so that help, version and usage errors stay quick.
      const { runCreateCommand } = await import('./create-runner.js');
      context.setExitCode(await runCreateCommand(flags, connection, context));
    });
}
