import type { VideoTask } from '../model/video-task.js';
import { SoraError } from './sora-error.js';

/** The task did not reach a terminal status within `maxWaitMs`. Carries the last task seen. */
export class SoraPollTimeoutError extends SoraError {
  override readonly name = 'SoraPollTimeoutError' as const;
  readonly code = 'SORA_POLL_TIMEOUT' as const;
  readonly retryable = false;
  /** The id of the task that was watched. */
  readonly taskId: string;
  /** The last task received before time ran out, if any arrived. */
  readonly lastTask: VideoTask | undefined;
  /** The time limit that ran out, in milliseconds. */
  readonly maxWaitMs: number;

  constructor(taskId: string, maxWaitMs: number, lastTask: VideoTask | undefined) {
    const last = lastTask ? `, last status ${lastTask.status}` : ', no status received';
    super(`Task ${taskId} did not finish within ${maxWaitMs} ms${last}`);
    this.taskId = taskId;
    this.maxWaitMs = maxWaitMs;
    this.lastTask = lastTask;
  }
}

/** The task ended with status `failed`. Raised by `throwIfFailed()`. Carries the task. */
export class SoraTaskFailedError extends SoraError {
  override readonly name = 'SoraTaskFailedError' as const;
  readonly code = 'SORA_TASK_FAILED' as const;
  readonly retryable = false;
  /** The failed task, with its `error` message. */
  readonly task: VideoTask;

  constructor(task: VideoTask) {
    super(`Task ${task.id} failed: ${task.error ?? 'no reason given'}`);
    this.task = task;
  }
}
