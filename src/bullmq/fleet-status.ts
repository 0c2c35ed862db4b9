import type { QueueEvents } from 'bullmq';
import { distinctUntilChanged, Observable } from 'rxjs';
import { isSameTaskState, VideoTaskCodec } from '../core-for-fleet.js';
import type { VideoTask } from '../index.js';
import type { FleetQueue } from './enqueue.js';
import type { FleetEvent } from './fleet-event.js';
import { ALL_JOBS, routerOf } from './fleet-event-router.js';
import type { FleetJobResult } from './fleet-job.js';
import { SoraFleetJobError } from './fleet-job-error.js';

/** Options of {@link fleetStatus$}. */
export interface FleetStatusOptions {
  /**
   * The fleet's queue, to read the job's state as the subscription starts: a late subscriber then
   * gets the latest task at once, and the end of a job that is already done. Without it, only
   * what happens after subscribing is seen.
   */
  readonly queue?: FleetQueue | undefined;
}

/**
 * The tasks of every fleet job, as workers publish them: `{ jobId, task, done }` for each change
 * and for the end of the job, `{ jobId, error }` for a job that failed. It never completes; it
 * listens to `queueEvents` until unsubscribed.
 *
 * ## Example
 * ```ts
 * const queueEvents = new QueueEvents('videos', { connection });
 * fleetEvents$(queueEvents).subscribe(({ jobId, task, error }) => render(jobId, task, error));
 * ```
 * @param queueEvents BullMQ's events of the fleet's queue.
 */
export function fleetEvents$(queueEvents: QueueEvents): Observable<FleetEvent> {
  return new Observable<FleetEvent>((subscriber) =>
    routerOf(queueEvents).listen(ALL_JOBS, (event) => subscriber.next(event)),
  );
}

/**
 * Follows one fleet job as `videoStatus$` follows a task: emits the task whenever it changes,
 * emits the terminal task and completes when the job is done. A job that failed errors with
 * `SORA_FLEET_JOB_FAILED` (its `reasonCode` says why); one that was removed, too.
 *
 * ## Example
 * ```ts
 * fleetStatus$(queueEvents, job.id, { queue }).subscribe((task) => console.log(task.status));
 * ```
 * @param queueEvents BullMQ's events of the fleet's queue.
 * @param jobId The job's id: the idempotency key of `enqueueVideo`, the task id of `enqueueWatch`.
 * @param options The queue, to start from the job's current state.
 */
export function fleetStatus$(
  queueEvents: QueueEvents,
  jobId: string,
  options: FleetStatusOptions = {},
): Observable<VideoTask> {
  if (typeof jobId !== 'string' || jobId === '') {
    throw new TypeError(
      `Expected \`jobId\` to be a non-empty string, got ${JSON.stringify(jobId)}`,
    );
  }
  const { queue } = options;
  return new Observable<VideoTask>((subscriber) => {
    let heard = false;
    subscriber.add(
      routerOf(queueEvents).listen(jobId, (event) => {
        heard = true;
        if (event.error !== undefined) return subscriber.error(event.error);
        subscriber.next(event.task);
        if (event.done) subscriber.complete();
      }),
    );
    // The state as of now, unless an event already told more.
    queue?.getJob(jobId).then(
      (job) => {
        if (heard || subscriber.closed || job === undefined) return;
        if (job.failedReason && job.finishedOn !== undefined) {
          return subscriber.error(new SoraFleetJobError(jobId, job.failedReason));
        }
        const result = job.returnvalue as Partial<FleetJobResult> | null | undefined;
        if (job.finishedOn !== undefined && VideoTaskCodec.is(result?.task)) {
          subscriber.next(result.task);
          return subscriber.complete();
        }
        if (VideoTaskCodec.is(job.progress)) subscriber.next(job.progress);
      },
      (error: unknown) => subscriber.error(error),
    );
  }).pipe(distinctUntilChanged(isSameTaskState));
}
