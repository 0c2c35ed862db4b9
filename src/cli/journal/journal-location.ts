import { homedir } from 'node:os';
import path from 'node:path';

/** The file name of the CLI's default journal, in {@link defaultJournalDir}. */
export const DEFAULT_JOURNAL_NAME = 'tasks.jsonl';

/**
 * Where the CLI keeps its journals by default: `$XDG_STATE_HOME/sora-rx`, else
 * `~/.local/state/sora-rx` (the XDG base directory for state that outlives a run).
 */
export function defaultJournalDir(env: Readonly<Record<string, string | undefined>>): string {
  const state = env.XDG_STATE_HOME;
  // The spec says a relative XDG path is invalid and to be ignored.
  if (state !== undefined && path.isAbsolute(state)) return path.join(state, 'sora-rx');
  return path.join(env.HOME || homedir(), '.local', 'state', 'sora-rx');
}

/**
 * The name of the journal of a run that found the default one in use by another process:
 * `tasks.<pid>.jsonl`, beside it, so that `ls` and `resume` find it too.
 */
export function sideJournalName(pid: number): string {
  return `tasks.${pid}.jsonl`;
}

/** Whether a file name is one of the CLI's journals in the default folder. */
export function isJournalName(name: string): boolean {
  return name === DEFAULT_JOURNAL_NAME || /^tasks\.\d+\.jsonl$/.test(name);
}
