import type { DownloadOptions, SoraClientOptions, VideoTask } from '../index.js';
import type { FleetJob } from './enqueue.js';

/**
 * Saves a completed task's video in the processor's download step: a directory (and the
 * download's options), or a sink of your own, such as an upload to object storage. A sink returns
 * the place it saved to (a string), if it has one, for the job's result. A sink that throws a
 * sora-rx error is treated as a failed request; any other error fails the step as the job's
 * `attempts` and `backoff` say. A sink may run more than once for a task (a worker that dies
 * mid-way): make it idempotent, as `dir` is (one file per task id, renamed into place).
 */
export type FleetSave =
  | (Omit<DownloadOptions, 'file' | 'dir'> & { readonly dir: string })
  | ((task: VideoTask, job: FleetJob) => Promise<unknown>);

/** Options of `createFleetProcessor`. */
export interface FleetProcessorOptions {
  /**
   * The options of the client that sends the fleet's requests: `baseUrl`, `apiKey`, `transport`,
   * `requestTimeoutMs`, `statusAliases`; `poll` sets the schedule (the same as `videoStatus$`'s)
   * and `retry` the backoff of failed steps (`maxRetries` failures in a row fail the job). Leave
   * `rateLimit` unset: the fleet's limit is the worker's `limiter`, shared through Redis.
   */
  readonly client: SoraClientOptions;
  /**
   * Pauses the whole queue for a 429's `Retry-After`: `(ms) => queue.rateLimit(ms)`. It only
   * takes effect on workers that have a `limiter`.
   */
  readonly rateLimit: (ms: number) => Promise<void>;
  /**
   * Where completed videos go. Without it the job ends with the completed task, and its video is
   * not fetched.
   * @default undefined (not saved)
   */
  readonly save?: FleetSave | undefined;
  /**
   * The workers' clock, in ms since the epoch. Every worker of a fleet must agree on it within a
   * second or so: the schedule and `maxWaitMs` span workers.
   * @default Date.now
   */
  readonly now?: (() => number) | undefined;
}
