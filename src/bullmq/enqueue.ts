import { randomUUID } from 'node:crypto';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { checkCreateParams, videoPath } from '../core-for-fleet.js';
import type { CreateVideoParams } from '../index.js';
import { CREATE_JOB, type FleetJobData, type FleetJobResult, WATCH_JOB } from './fleet-job.js';

/** A BullMQ queue of fleet jobs. */
export type FleetQueue = Queue<FleetJobData, FleetJobResult>;
/** A fleet job, as BullMQ hands it out. */
export type FleetJob = Job<FleetJobData, FleetJobResult>;

/**
 * The priority of a job before its create: below every step of a task that exists, so that the
 * fleet finishes the videos it started before it starts many more (first in, first out would run
 * every create first, then every poll).
 */
export const CREATE_PRIORITY = 1;

/** Options of {@link enqueueVideo}. */
export interface EnqueueVideoOptions {
  /**
   * The create's `Idempotency-Key`, which is also the job id: enqueueing the same key twice makes
   * one job, and a create sent again after a worker died is one video at a provider that honours
   * the key. At most 200 characters, without `:`.
   * @default `sora-` and a random UUID
   */
  readonly idempotencyKey?: string | undefined;
  /**
   * BullMQ options of the job (`jobId` excepted: it is the key). `removeOnComplete` is wise for a
   * large fleet: completed jobs otherwise stay in Redis. With the default priority, the job's
   * priority rises once its task exists; a priority you set is kept as it is.
   * @default { priority: CREATE_PRIORITY }
   */
  readonly job?: Omit<JobsOptions, 'jobId'> | undefined;
}

/** Options of {@link enqueueWatch}. */
export interface EnqueueWatchOptions {
  /** The video's length in seconds, if known: it sets the shortest wait of the schedule. */
  readonly videoSeconds?: number | undefined;
  /** BullMQ options of the job (`jobId` excepted: it is the task id). */
  readonly job?: Omit<JobsOptions, 'jobId'> | undefined;
}

/**
 * Adds a job that creates a video, watches it to the end and saves it, run by workers made with
 * `createFleetWorker` or `createFleetProcessor`. The params are checked at once.
 *
 * ## Example
 * ```ts
 * const job = await enqueueVideo(queue, { prompt: 'A lighthouse at dawn', seconds: 10 });
 * fleetStatus$(queueEvents, job.id).subscribe((task) => console.log(task.status));
 * ```
 * @param queue The fleet's queue.
 * @param params The prompt, model, length and size.
 * @param options The idempotency key and BullMQ's job options.
 * @return The job; when the key was already enqueued, BullMQ's existing job is kept, not replaced.
 */
export function enqueueVideo(
  queue: FleetQueue,
  params: CreateVideoParams,
  options: EnqueueVideoOptions = {},
): Promise<FleetJob> {
  checkCreateParams(params);
  const { idempotencyKey = `sora-${randomUUID()}`, job } = options;
  checkJobId(idempotencyKey, 'idempotencyKey');
  const seconds = params.seconds === undefined ? undefined : Number(params.seconds);
  const data: FleetJobData = {
    params,
    idempotencyKey,
    ...(seconds === undefined ? {} : { videoSeconds: seconds }),
  };
  return queue.add(CREATE_JOB, data, {
    priority: CREATE_PRIORITY,
    ...job,
    jobId: idempotencyKey,
  });
}

/**
 * Adds a job that watches a task created elsewhere to the end and saves its video. The job id is
 * the task id: watching a task twice makes one job.
 * @param queue The fleet's queue.
 * @param id The task id.
 * @param options The video's length, and BullMQ's job options.
 */
export function enqueueWatch(
  queue: FleetQueue,
  id: string,
  options: EnqueueWatchOptions = {},
): Promise<FleetJob> {
  videoPath(id);
  checkJobId(id, 'id');
  const { videoSeconds, job } = options;
  const data: FleetJobData = {
    taskId: id,
    ...(videoSeconds === undefined ? {} : { videoSeconds }),
  };
  return queue.add(WATCH_JOB, data, { ...job, jobId: id });
}

/** BullMQ refuses ids with `:` (its key separator) and ids that are whole numbers. */
function checkJobId(value: unknown, name: string): void {
  if (
    typeof value !== 'string' ||
    value === '' ||
    value.length > 200 ||
    value.includes(':') ||
    /^\d+$/.test(value)
  ) {
    throw new TypeError(
      `Expected \`${name}\` to be a string of 1 to 200 characters, not a whole number and without ":", got ${JSON.stringify(value)}`,
    );
  }
}
