/** The exit code of a usage or configuration error. */
export const EXIT_USAGE = 2;

/**
 * A mistake in how the CLI was called or configured: a missing key, a bad flag value. The CLI
 * prints its message as one line and exits with {@link EXIT_USAGE}, never with a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError' as const;
}
