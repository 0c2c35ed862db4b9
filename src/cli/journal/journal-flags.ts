import type { Command } from 'commander';

/** The flags of {@link addJournalOptions}: a path, `false` for `--no-journal`, or the default. */
export interface JournalFlags {
  readonly journal?: string | false | undefined;
}

/** Adds `--journal PATH` and `--no-journal`. */
export function addJournalOptions(command: Command): Command {
  return command
    .option(
      '--journal <path>',
      'record tasks in this journal file (default: $XDG_STATE_HOME/sora-rx/tasks.jsonl, else ~/.local/state/sora-rx/tasks.jsonl)',
    )
    .option('--no-journal', 'record nothing: a crash forgets the tasks of this run');
}
