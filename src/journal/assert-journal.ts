import type { Journal } from './journal.js';

/** Throws a `TypeError` naming `journal` unless it is `undefined` or has a Journal's methods. */
export function assertJournal(journal: unknown): asserts journal is Journal | undefined {
  if (journal === undefined) return;
  const methods = ['load', 'append', 'close'] as const;
  const candidate = journal as Partial<Record<string, unknown>> | null;
  const missing =
    typeof journal !== 'object' || candidate === null
      ? methods
      : methods.filter((name) => typeof candidate[name] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(
      `Expected \`journal\` to be a Journal such as fileJournal(path), with load(), append() and close(); missing ${missing.join(', ')}`,
    );
  }
}
