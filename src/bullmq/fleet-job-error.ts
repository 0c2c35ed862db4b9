/**
 * A fleet job failed: BullMQ gave up on it. `reasonCode` is the sora-rx code that failed it
 * (`SORA_NOT_FOUND`, `SORA_POLL_TIMEOUT`...) when its reason starts with one. Match on `code`.
 */
export class SoraFleetJobError extends Error {
  override readonly name = 'SoraFleetJobError' as const;
  /** A stable identifier of this kind of failure. */
  readonly code = 'SORA_FLEET_JOB_FAILED' as const;
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
