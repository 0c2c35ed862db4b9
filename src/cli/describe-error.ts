import { isSoraError } from '../index.js';

/** An error as the CLI shows it: a stable code and one line of message. */
export interface ErrorInfo {
  /** A sora-rx error code such as `SORA_NOT_FOUND`, or `ERR_UNEXPECTED`. */
  readonly code: string;
  /** The message, on one line. */
  readonly message: string;
}

/** The code and one-line message of any thrown value; never its stack. */
export function describeError(error: unknown): ErrorInfo {
  const code = isSoraError(error) ? error.code : 'ERR_UNEXPECTED';
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: oneLine(message) };
}

/** Joins the lines of `text` with spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
