import type { Command } from 'commander';

/** The flags of {@link addJournalOptions}: a path, `false` for `--no-journal`, or the default. */
export interface JournalFlags {
  readonly journal?: string | false | undefined;
}

/**
 * The command that picks up what an interrupted run leaves, for its notice: `sora-rx resume`, with
 * the journal's path when one was given; `undefined` with `--no-journal`, which keeps nothing.
 */
export function resumeCommandOf(flags: JournalFlags): string | undefined {
  if (flags.journal === false) return undefined;
  return typeof flags.journal === 'string'
    ? `sora-rx resume --journal ${JSON.stringify(flags.journal)}`
    : 'sora-rx resume';
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
