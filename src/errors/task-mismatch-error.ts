import { type RequestDescription, SoraRequestError } from './request-error.js';

/**
 * A request for one task was answered with another: a cache or a proxy mixed answers up. Retried
 * with backoff, as the next answer may be the right one; the other task is never emitted.
 */
export class SoraTaskMismatchError extends SoraRequestError {
  override readonly name = 'SoraTaskMismatchError' as const;
  readonly code = 'SORA_TASK_MISMATCH' as const;
  readonly retryable = true;
  /** The id of the task asked for. */
  readonly taskId: string;
  /** The id of the task the server answered with. */
  readonly receivedId: string;

  constructor(request: RequestDescription, taskId: string, receivedId: string) {
    super(
      request,
      `answered with task ${JSON.stringify(receivedId)} instead of ${JSON.stringify(taskId)}; a cache or proxy may have mixed up answers`,
    );
    this.taskId = taskId;
    this.receivedId = receivedId;
  }
}
