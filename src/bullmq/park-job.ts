import { DelayedError } from 'bullmq';
import type { FleetJob } from './enqueue.js';
import type { FleetJobData } from './fleet-job.js';
import { queueOf } from './task-index.js';

/**
 * Parks a job until `atMs` with its new data, in one Redis script: BullMQ's move to delayed
 * writes the data with the job's other fields (`fieldsToUpdate`), where `job.updateData` and
 * `job.moveToDelayed` would be two scripts and three more commands. Both run atomically or not
 * at all, so a worker that dies in between leaves the job as it was: still active, its data that
 * of the step before, and BullMQ's stalled check runs the step again.
 * @param job The job, held by this activation.
 * @param token The activation's lock token.
 * @param data The job's whole state after this step.
 * @param atMs When to run it again, on the worker's clock (ms since the epoch).
 * @return The error the processor throws, for BullMQ to leave the job delayed.
 */
export async function parkJob(
  job: FleetJob,
  token: string | undefined,
  data: FleetJobData,
  atMs: number,
): Promise<DelayedError> {
  const nowMs = Date.now();
  const delayMs = Math.max(Math.ceil(atMs) - nowMs, 0);
  await queueOf(job).backend.moveToDelayed(String(job.id), nowMs, delayMs, token, {
    skipAttempt: true,
    fieldsToUpdate: { data: JSON.stringify(data) },
  });
  job.data = data;
  job.delay = delayMs;
  return new DelayedError();
}
