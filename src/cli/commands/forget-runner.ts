import { forgetEntries } from '../journal/forget-entries.js';
import { defaultJournalPaths } from '../journal/open-cli-journal.js';
import { printable } from '../render/printable.js';
import { EXIT_FAILED } from '../watch/verdict.js';
import type { CommandContext } from './command-context.js';

/** The flags of `sora-rx forget`. */
export interface ForgetFlags {
  readonly journal?: string | undefined;
}

/**
 * Runs `sora-rx forget`: removes from the journals (the default ones, or `--journal`) every task
 * whose idempotency key or task id is one of `names`, and says how many. Resolves with 0, or 1
 * when a name matched no task.
 */
export async function runForgetCommand(
  names: readonly string[],
  flags: ForgetFlags,
  { io, output }: CommandContext,
): Promise<number> {
  const wanted = new Set(names);
  const found = new Set<string>();
  const paths = flags.journal === undefined ? await defaultJournalPaths(io.env) : [flags.journal];
  for (const file of paths) {
    const forgotten = await forgetEntries(file, (entry) =>
      [entry.key, entry.id].some((name) => name !== undefined && wanted.has(name)),
    );
    for (const entry of forgotten) {
      for (const name of [entry.key, entry.id]) if (name !== undefined) found.add(name);
    }
    if (forgotten.length > 0) {
      const what = forgotten.map((entry) => entry.id ?? `key ${entry.key}`).join(', ');
      output.err(
        `Forgot ${forgotten.length} ${forgotten.length === 1 ? 'task' : 'tasks'} in ${file}: ${printable(what)}\n`,
      );
    }
  }
  const missing = names.filter((name) => !found.has(name));
  if (missing.length === 0) return 0;
  output.err(
    `sora-rx: no task with the key or id ${printable(missing.join(', '))} in ${paths.join(', ') || 'the journal'}\n`,
  );
  return EXIT_FAILED;
}
