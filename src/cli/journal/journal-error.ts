import {
  isSoraError,
  type SoraJournalError,
  type SoraJournalForeignError,
  type SoraJournalLockedError,
} from '../../index.js';

/**
 * Whether an error says a journal cannot be used: not a journal, a bad line (both name the file
 * and the line), in use by another process, or the disk. The CLI shows its message and exits 2,
 * as for any bad input: the journal was chosen by the user, and nothing was asked of the gateway.
 */
export function isJournalError(
  error: unknown,
): error is SoraJournalError | SoraJournalForeignError | SoraJournalLockedError {
  return (
    isSoraError(error, 'SORA_JOURNAL') ||
    isSoraError(error, 'SORA_JOURNAL_FOREIGN') ||
    isSoraError(error, 'SORA_JOURNAL_LOCKED')
  );
}
