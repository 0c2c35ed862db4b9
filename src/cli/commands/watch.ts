import type { Command } from 'commander';
import { resolveConnection } from '../config.js';
import { addJournalOptions } from '../journal/journal-flags.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './command-context.js';
import {
  addConnectionOptions,
  addContentOptions,
  addDownloadOptions,
  addPollOptions,
  CONNECTION_HELP,
} from './connection-options.js';
import type { WatchFlags } from './watch-runner.js';

/** Registers `sora-rx watch <id...>`. */
export function defineWatchCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('watch')
    .description('watch video tasks until each completes or fails, and optionally save the videos')
    .argument('<id...>', 'the task ids, such as sora_abc123def456')
    .option('--download <dir>', 'save each completed video into DIR as <id>.mp4')
    .option('--json', 'print NDJSON events instead of the live view');
  addConnectionOptions(
    addPollOptions(addContentOptions(addDownloadOptions(addJournalOptions(command)))),
  )
    .addHelpText('after', CONNECTION_HELP)
    .action(async (ids: string[], flags: WatchFlags) => {
      const unique = checkIds(ids);
      const connection = resolveConnection(flags, context.io.env);
      // Loaded on demand, so that help, version and usage errors stay quick.
      const { runWatchCommand } = await import('./watch-runner.js');
      context.setExitCode(await runWatchCommand(unique, flags, connection, context));
    });
}

/** The ids without duplicates; an id that cannot be a path segment is a usage error. */
function checkIds(ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  const bad = unique.find((id) => id.trim() === '' || id === '.' || id === '..');
  if (bad !== undefined) throw new UsageError(`invalid task id ${JSON.stringify(bad)}`);
  return unique;
}
