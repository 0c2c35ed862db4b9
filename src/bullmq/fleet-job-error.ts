// No names: it brings `sora-rx` into the program, so that the fleet's own type build (which
// checks this entry without the core's) finds the module that the end of this file adds to.
import type {} from 'sora-rx';
import { SoraError } from '../index.js';

/**
 * A fleet job failed: BullMQ gave up on it. `reasonCode` is the sora-rx code that failed it
 * (`SORA_NOT_FOUND`, `SORA_POLL_TIMEOUT`...) when its reason starts with one. Match on `code`.
 */
export class SoraFleetJobError extends SoraError {
  override readonly name = 'SoraFleetJobError' as const;
  /** A stable identifier of this kind of failure. */
  readonly code = 'SORA_FLEET_JOB_FAILED' as const;
  /** Never: BullMQ has given up on the job; enqueue a new one to try again. */
  readonly retryable = false;
  /** The failed job's id. */
  readonly jobId: string;
  /** The reason BullMQ recorded, as the worker wrote it. */
  readonly failedReason: string;
  /** The code leading the reason (`SORA_AUTH` in `SORA_AUTH: ...`), if there is one. */
  readonly reasonCode: string | undefined;

  constructor(jobId: string, failedReason: string) {
    super(`Fleet job ${jobId} failed: ${failedReason}`);
    this.jobId = jobId;
    this.failedReason = failedReason;
    this.reasonCode = /^([A-Z][A-Z0-9_]*|[A-Za-z]*Error): /.exec(failedReason)?.[1];
  }
}

// With this entry imported, `isSoraError(error, 'SORA_FLEET_JOB_FAILED')` narrows to this class.
declare module 'sora-rx' {
  interface SoraErrorsByCode {
    SORA_FLEET_JOB_FAILED: SoraFleetJobError;
  }
}
