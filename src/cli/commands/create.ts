import type { Command } from 'commander';
import { resolveConnection } from '../config.js';
import { addJournalOptions } from '../journal/journal-flags.js';
import { collect, parseImageUrl, parseSize, parseVideoSeconds } from '../parse-options.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './command-context.js';
import {
  addConnectionOptions,
  addContentOptions,
  addDownloadOptions,
  addPollOptions,
  CONNECTION_HELP,
} from './connection-options.js';
import type { CreateFlags } from './create-runner.js';

/** Registers `sora-rx create --prompt TEXT`, from images with `--image`, or a remix with `--remix ID`. */
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
    .option(
      '--image <url>',
      'a reference image, an https or data:image URL (repeatable; one on openai, up to 3 on seed)',
      collect(parseImageUrl),
    )
    .option(
      '--first-frame <url>',
      'an image the video starts on (openai, openrouter)',
      parseImageUrl,
    )
    .option('--last-frame <url>', 'an image the video ends on (openrouter)', parseImageUrl)
    .option(
      '--remix <id>',
      'make a new video from the completed video ID with --prompt; its model, length and size carry over (openai)',
    )
    .option('--wait', 'watch the task until it completes or fails')
    .option('--download <dir>', 'save the video into DIR once completed (implies --wait)')
    .option('--json', 'print NDJSON events instead of text')
    .option(
      '--cancel-on-exit',
      "with --wait: on Ctrl-C, cancel the task on the gateway (POST {base}/videos/{id}/cancel, a gateway's extension of OpenAI's shape)",
    );
  addConnectionOptions(
    addPollOptions(addContentOptions(addDownloadOptions(addJournalOptions(command)))),
  )
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
      const { image, firstFrame, lastFrame, remix } = flags;
      if (
        from !== undefined &&
        [image, firstFrame, lastFrame, remix].some((f) => f !== undefined)
      ) {
        throw new UsageError(
          '--image, --first-frame, --last-frame and --remix make one video: they cannot be used with --from',
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
