import { SoraError } from './sora-error.js';

/** The most characters of a bad id that a message repeats. */
const SHOWN_CHARACTERS = 80;

/**
 * A task id that cannot name a task in a URL: empty, `.` or `..` (which would move up the path),
 * or a string with a lone UTF-16 surrogate (valid JSON, yet no URL can carry it). A gateway that
 * answers such an id, a journal or a list page that holds one, or a caller that passes one gets
 * this error on that task's stream, before any request for it. Not retried.
 */
export class SoraInvalidTaskIdError extends SoraError {
  override readonly name = 'SoraInvalidTaskIdError' as const;
  readonly code = 'SORA_INVALID_TASK_ID' as const;
  readonly retryable = false;
  /** The id, as it was given or received. */
  readonly taskId: string;

  constructor(taskId: string) {
    // JSON escapes a lone surrogate as `\ud800`: the message is well-formed text, safe to print.
    const shown =
      taskId.length > SHOWN_CHARACTERS
        ? `${JSON.stringify(taskId.slice(0, SHOWN_CHARACTERS))}… (${taskId.length} characters)`
        : JSON.stringify(taskId);
    super(
      `Expected \`id\` to be a task id such as "sora_abc123" that fits in a URL path, got ${shown}`,
    );
    this.taskId = taskId;
  }
}
