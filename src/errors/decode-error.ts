import { SoraError } from './sora-error.js';

/** How a {@link SoraDecodeError} came about, beyond its report. */
export interface DecodeErrorOptions {
  /** A sentence that tells the user what to do, appended to the message. */
  readonly hint?: string | undefined;
  /**
   * Whether asking again may get a decodable answer.
   * @default false
   */
  readonly retryable?: boolean | undefined;
}

/**
 * The response was not the JSON the API documents: not JSON at all, a missing field, or a status
 * sora-rx does not know. A poll's answer that is not JSON or not a task (a proxy's HTML page, a
 * body cut short) is retried; a task with an unknown status is not (the same answer would fail
 * the same way), nor is a create's answer (the task may exist: sending it again could make two).
 */
export class SoraDecodeError extends SoraError {
  override readonly name = 'SoraDecodeError' as const;
  readonly code = 'SORA_DECODE' as const;
  readonly retryable: boolean;
  /** One line per problem, naming the field, the value received and the type expected. */
  readonly report: readonly string[];
  /** The value that failed to decode: the parsed body, or its text when it was not JSON. */
  readonly value: unknown;

  constructor(
    what: string,
    report: readonly string[],
    value: unknown,
    { hint, retryable = false }: DecodeErrorOptions = {},
  ) {
    super(`${what} could not be decoded: ${report.join('; ')}${hint ? `. ${hint}` : ''}`);
    this.retryable = retryable;
    this.report = report;
    this.value = value;
  }
}
