import type { Command } from 'commander';
import { resolveConnection } from '../config.js';
import { addJournalOptions } from '../journal/journal-flags.js';
import { parseSize, parseVideoSeconds } from '../parse-options.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './command-context.js';
import {
  addConnectionOptions,
  addDownloadOptions,
  addPollOptions,
  CONNECTION_HELP,
} from './connection-options.js';
import type { CreateFlags } from './create-runner.js';

/** Registers `sora-rx create --prompt TEXT`. */
export function defineCreateCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('create')
    .description(
      'start generating a video; print its id, or watch it to the end with --wait; or one video per line of a file with --from',
    )
    .option('--prompt <text>', 'what the video shows')
    .option(
      '--from <file>',
      'create, watch (and with --download, save) one video per line: JSON Lines ({"prompt": …, "seconds": …} or a string) or CSV with a header row (prompt, model, seconds, size); a rerun skips the lines already done',
    )
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
  addConnectionOptions(addPollOptions(addDownloadOptions(addJournalOptions(command))))
    .addHelpText('after', CONNECTION_HELP)
    .action(async (flags: CreateFlags & { readonly from?: string }) => {
      const { from, prompt } = flags;
      if ((from === undefined) === (prompt === undefined)) {
        throw new UsageError(
          from === undefined
            ? "required option '--prompt <text>' not specified (or --from <file> for one video per line)"
            : '--prompt and --from cannot be used together',
        );
      }
      const connection = resolveConnection(flags, context.io.env);
      // Loaded on demand, so that help, version and usage errors stay quick.
      if (from !== undefined) {
        const { runBatchCreate } = await import('./create-batch-runner.js');
        context.setExitCode(await runBatchCreate({ ...flags, from }, connection, context));
        return;
      }
      const { runCreateCommand } = await import('./create-runner.js');
      context.setExitCode(await runCreateCommand(flags, connection, context));
    });
}
