import { SoraError } from './sora-error.js';

/**
 * The response was not the JSON the API documents: not JSON at all, a missing field, or a status
 * sora-rx does not know. Not retried: the same answer would fail the same way.
 */
export class SoraDecodeError extends SoraError {
  override readonly name = 'SoraDecodeError' as const;
  readonly code = 'SORA_DECODE' as const;
  readonly retryable = false;
  /** One line per problem, naming the field, the value received and the type expected. */
  readonly report: readonly string[];
  /** The value that failed to decode: the parsed body, or its text when it was not JSON. */
  readonly value: unknown;

  constructor(what: string, report: readonly string[], value: unknown, hint?: string) {
    super(`${what} could not be decoded: ${report.join('; ')}${hint ? `. ${hint}` : ''}`);
    this.report = report;
    this.value = value;
  }
}
