import { Worker } from 'bullmq';
import { lastValueFrom } from 'rxjs';
import {
  assertFunction,
  assertKnownOptions,
  computeRetryDelay,
  createPollSchedule,
  GenerationLearner,
  isSameTaskState,
  platform,
  resolveClientOptions,
  resolveRetryOptions,
  type TaskResponse,
  watchDeadlineMs,
  withRequestTimeout,
} from '../core-for-fleet.js';
import {
  createSoraClient,
  isSoraError,
  isTerminal,
  SoraPollTimeoutError,
  type VideoTask,
} from '../index.js';
import { CREATE_PRIORITY, type FleetJob } from './enqueue.js';
import { toUnrecoverable } from './fleet-errors.js';
import type { FleetJobData, FleetJobResult } from './fleet-job.js';
import type { FleetProcessorOptions, FleetSave } from './fleet-processor-options.js';
import { sendFleetCreate, sendFleetPoll } from './fleet-requests.js';
import { planFleetPoll, sweptPollAtMs } from './fleet-schedule.js';
import { SWEEP_JOB, sweepStep } from './fleet-sweep.js';
import { parkJob } from './park-job.js';
import { createSweepPace } from './sweep-pace.js';
import { sweepTaskParts } from './sweep-parts.js';
import { indexTaskStatus } from './task-index.js';

/** The client's time limit of one request, when the user did not set one. */
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** How long a 429 that did not say pauses the queue, and the shortest pause after one that did. */
const DEFAULT_PAUSE_MS = 1_000;

/** A BullMQ processor of fleet jobs. */
export type FleetProcessor = (job: FleetJob, token?: string) => Promise<FleetJobResult>;

const PROCESSOR_OPTIONS = ['client', 'rateLimit', 'save', 'now'];

/**
 * The BullMQ processor that runs a fleet job one step per activation, each step one request:
 *
 * 1. the create (with the job id as `Idempotency-Key`), whose task id is saved into the job's
 *    data before anything else, so that the create is never sent again by a step that follows;
 * 2. one poll per activation, the wait to the next one spent as a delayed job (`moveToDelayed`)
 *    on the schedule of `videoStatus$`: a worker holds no timer per task;
 * 3. the download of a completed task's video, atomic as `download$`'s, or your own sink.
 *
 * Each change of the task is published with `job.updateProgress(task)`, for `fleetStatus$`. A 429
 * pauses the whole queue for its `Retry-After`; other transient failures park the job with
 * backoff; the rest fail it for good (`UnrecoverableError`, its message led by the error code).
 * A terminal task completes the job with `{ task, file }`: a `failed` task is a result, not an error.
 *
 * Use it in a worker with a `limiter`, the fleet's rate limit (each activation is one request):
 * `createFleetWorker` makes one.
 * @param options The client's options, the queue's pause, and where videos go.
 */
export function createFleetProcessor(options: FleetProcessorOptions): FleetProcessor {
  assertKnownOptions(options, PROCESSOR_OPTIONS, 'options');
  const { rateLimit, save, now = Date.now } = options;
  assertFunction(rateLimit, 'rateLimit');
  assertFunction(now, 'now');
  checkSave(save);
  const resolved = resolveClientOptions(options.client);
  const { retry: clientRetry } = resolved;
  // Without a `rateLimit` of the user's, no limiter of this process: its pause after a 429 would
  // hold the step (and its lock) in a timer, while the queue's pause holds every worker in Redis.
  const api =
    options.client.rateLimit === undefined
      ? {
          ...resolved.api,
          transport: withRequestTimeout(
            // The transport the options resolved to: the user's, or the one made for them.
            options.client.transport ?? resolved.ownTransport ?? platform.createDefaultTransport(),
            options.client.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
            resolved.scheduler,
          ),
        }
      : resolved.api;
  const retry = resolveRetryOptions(clientRetry);
  const schedule = createPollSchedule(resolved.pollOptions, {
    scheduler: { now, schedule: () => unusedScheduler() },
    learner: new GenerationLearner(),
    random: () => Math.random(),
  });
  const { maxWaitMs } = schedule.options;
  // Downloads only: its request limiter is this worker's own, the fleet's is the worker's limiter.
  const client =
    save === undefined || typeof save === 'function' ? undefined : createSoraClient(options.client);

  /** The safety net of the jobs' own GETs while their queue's list sweeps run. */
  const sweepPace = createSweepPace(now);

  /** What a failed request does to the job: a pause of the queue, a backoff, or its end. */
  const onRequestError = async (
    error: unknown,
    job: FleetJob,
    token: string | undefined,
    data: FleetJobData,
  ): Promise<Error> => {
    if (isSoraError(error, 'SORA_RATE_LIMITED')) {
      // At least 1 s: "retry now" is no reason to hurry, and Redis refuses a pause of 0.
      const askedMs = Math.max(error.retryAfterMs ?? DEFAULT_PAUSE_MS, DEFAULT_PAUSE_MS);
      await rateLimit(Math.min(askedMs, retry.maxRetryAfterMs));
      return Worker.RateLimitError();
    }
    const failures = (data.failures ?? 0) + 1;
    if (isSoraError(error) && error.retryable) {
      if (failures <= retry.maxRetries) {
        const delayMs = computeRetryDelay(error, failures - 1, retry);
        return parkJob(job, token, { ...data, failures }, now() + delayMs);
      }
      // Out of retries, its task id kept: `job.retry()` takes it up with a fresh count.
      if (data.failures) await job.updateData({ ...data, failures: 0 });
    }
    return toUnrecoverable(error);
  };

  /**
   * Publishes the task if it changed, for `fleetStatus$`, and a new status to the sweeps' index
   * (a poll that saw the same status costs no command there).
   */
  const publish = async (job: FleetJob, previous: VideoTask | undefined, task: VideoTask) => {
    if (previous === undefined || !isSameTaskState(previous, task)) await job.updateProgress(task);
    if (previous?.status !== task.status) {
      await indexTaskStatus(job, task.id, task.status, isTerminal(task.status));
    }
  };

  /** After an answer: the end of the job, the download step, or the next poll. */
  const next = async (
    job: FleetJob,
    token: string | undefined,
    data: FleetJobData,
    response: TaskResponse,
    answeredAtMs: number,
  ): Promise<FleetJobResult> => {
    const { task } = response;
    const plan = planFleetPoll(schedule, data, response, answeredAtMs);
    const updated: FleetJobData = {
      ...data,
      task,
      answers: plan.answers,
      createdAtMs: plan.createdAtMs,
      failures: 0,
    };
    await publish(job, data.task, task);
    if (isTerminal(task.status)) {
      if (task.status === 'completed' && save !== undefined)
        throw await parkJob(job, token, updated, now());
      return { task };
    }
    // While the queue's list sweeps run, they are the task's cheap look: its GET is a safety net.
    const safetyNetMs = await sweepPace(job);
    throw await parkJob(
      job,
      token,
      updated,
      sweptPollAtMs(plan, safetyNetMs, answeredAtMs, Math.random),
    );
  };

  const createStep = async (job: FleetJob, token: string | undefined): Promise<FleetJobResult> => {
    const data = job.data;
    const key = data.idempotencyKey ?? String(job.id);
    let response: TaskResponse;
    try {
      if (data.params === undefined)
        throw new TypeError('Expected the job to hold `params` or `taskId`');
      response = await sendFleetCreate(api, data.params, key);
    } catch (error) {
      throw await onRequestError(error, job, token, data);
    }
    const createdAtMs = now();
    // Saved before anything else: from here on, no step sends the create again.
    const { params: _, ...rest } = data;
    const created: FleetJobData = {
      ...rest,
      idempotencyKey: key,
      taskId: response.task.id,
      createdAtMs,
      watchedSinceMs: createdAtMs,
      failures: 0,
    };
    await job.updateData(created);
    // The steps of a task that exists go before the creates still waiting (unless the user chose
    // the job's priority).
    if (job.opts.priority === CREATE_PRIORITY) await job.changePriority({ priority: 0 });
    return next(job, token, created, response, createdAtMs);
  };

  const pollStep = async (job: FleetJob, token: string | undefined, taskId: string) => {
    const startedAtMs = now();
    const data: FleetJobData = {
      ...job.data,
      watchedSinceMs: job.data.watchedSinceMs ?? startedAtMs,
    };
    if (startedAtMs >= watchDeadlineMs(schedule.planner, data.watchedSinceMs ?? startedAtMs)) {
      // The job ends here: its task leaves the sweeps' index.
      await indexTaskStatus(job, taskId, '', true);
      throw toUnrecoverable(new SoraPollTimeoutError(taskId, maxWaitMs, data.task));
    }
    let response: TaskResponse;
    try {
      response = await sendFleetPoll(api, taskId);
    } catch (error) {
      throw await onRequestError(error, job, token, data);
    }
    return next(job, token, data, response, now());
  };

  const downloadStep = async (
    job: FleetJob,
    token: string | undefined,
    task: VideoTask,
    to: FleetSave,
  ): Promise<FleetJobResult> => {
    try {
      if (typeof to === 'function') {
        const place = await to(task, job);
        return typeof place === 'string' ? { task, file: place } : { task };
      }
      const { dir, ...downloadOptions } = to;
      await sweepTaskParts(dir, task.id);
      const last = await lastValueFrom(
        (client as NonNullable<typeof client>).download$(task, { ...downloadOptions, dir }),
      );
      return { task, file: last.file };
    } catch (error) {
      // A sink's own failure is the sink's to describe: BullMQ's attempts and backoff apply.
      if (typeof to === 'function' && !isSoraError(error)) throw error;
      throw await onRequestError(error, job, token, job.data);
    }
  };

  const sweep = async (job: FleetJob, token: string | undefined): Promise<FleetJobResult> => {
    try {
      // A sweep job's result is a `FleetSweepResult`: no video's, nobody follows it.
      return (await sweepStep(api, job, now())) as unknown as FleetJobResult;
    } catch (error) {
      if (isSoraError(error, 'SORA_RATE_LIMITED'))
        throw await onRequestError(error, job, token, {});
      throw error;
    }
  };

  return async (job, token) => {
    if (job.name === SWEEP_JOB) return sweep(job, token);
    const { taskId, task } = job.data;
    if (taskId === undefined) return createStep(job, token);
    if (task?.status === 'completed' && save !== undefined)
      return downloadStep(job, token, task, save);
    return pollStep(job, token, taskId);
  };
}

/** The schedule's scheduler is only read for its clock: a fleet step never starts a timer. */
function unusedScheduler(): never {
  throw new Error('A fleet step never schedules a timer');
}

function checkSave(save: unknown): void {
  if (save === undefined || typeof save === 'function') return;
  if (
    typeof save !== 'object' ||
    save === null ||
    typeof (save as { dir?: unknown }).dir !== 'string' ||
    (save as { dir: string }).dir === ''
  ) {
    throw new TypeError('Expected `save` to be { dir } with a non-empty directory, or a function');
  }
}
