import {
  type ConnectionOptions,
  Queue,
  type RateLimiterOptions,
  Worker,
  type WorkerOptions,
} from 'bullmq';
import { assertKnownOptions, assertPositiveNumber } from '../core-for-fleet.js';
import type { FleetJobData, FleetJobResult } from './fleet-job.js';
import { createFleetProcessor } from './fleet-processor.js';
import type { FleetProcessorOptions } from './fleet-processor-options.js';
import { spreadLimiter } from './spread-limiter.js';

/** Options of {@link createFleetWorker}. */
export interface FleetWorkerOptions extends Omit<FleetProcessorOptions, 'rateLimit'> {
  /** The Redis connection, as BullMQ takes it: `{ host, port }`, `{ url }` or an ioredis client. */
  readonly connection: ConnectionOptions;
  /**
   * The fleet's rate limit: at most `max` activations, each one request, per `duration` ms,
   * counted in Redis for every worker of the queue. It is spread into windows of about 100 ms:
   * `{ max: 5, duration: 1000 }` runs as BullMQ's `{ max: 1, duration: 200 }`, and
   * `{ max: 50, duration: 1000 }` as `{ max: 5, duration: 100 }`. BullMQ counts a fixed window,
   * and a window of `max` that fills at its end, then again at the start of the next, would show
   * a provider that counts any rolling second up to twice `max`; spread, a rolling `duration`
   * holds at most `max` and a tenth (at least one) more.
   * @example { max: 5, duration: 1000 }
   */
  readonly limiter: RateLimiterOptions;
  /**
   * BullMQ's other worker options (`concurrency`, `lockDuration`, `stalledInterval`,
   * `maxStalledCount`...).
   * @default { concurrency: 16 }
   */
  readonly worker?: Omit<WorkerOptions, 'connection' | 'limiter'> | undefined;
}

/** A worker of the fleet, and what it holds open. */
export interface FleetWorker {
  /** The BullMQ worker: listen to its events, pause it, read its options. */
  readonly worker: Worker<FleetJobData, FleetJobResult>;
  /** Closes the worker, letting its active steps finish, then its connections. */
  close(): Promise<void>;
}

const WORKER_OPTIONS = ['client', 'save', 'now', 'connection', 'limiter', 'worker'];

/**
 * Starts a worker of the fleet on queue `name`: {@link createFleetProcessor} run under the
 * fleet's rate limit, a 429 pausing the whole queue.
 *
 * ## Example
 * ```ts
 * const fleet = createFleetWorker('videos', {
 *   connection: { host: '127.0.0.1', port: 6379 },
 *   limiter: { max: 1, duration: 100 },
 *   client: { baseUrl, apiKey },
 *   save: { dir: './videos' },
 * });
 * ```
 * @param name The queue's name.
 * @param options The connection, the rate limit, the client's options and where videos go.
 */
export function createFleetWorker(name: string, options: FleetWorkerOptions): FleetWorker {
  assertKnownOptions(options, WORKER_OPTIONS, 'options');
  const { connection, limiter, worker: workerOptions, ...processorOptions } = options;
  if (connection === undefined || connection === null) {
    throw new TypeError('Expected `connection` to be Redis connection options or a client');
  }
  assertKnownOptions(limiter, ['max', 'duration'], 'limiter');
  assertPositiveNumber(limiter?.max, 'limiter.max');
  assertPositiveNumber(limiter?.duration, 'limiter.duration');
  // Checked before any connection opens. The queue is only read after a 429, once it exists.
  const processor = createFleetProcessor({
    ...processorOptions,
    rateLimit: (ms) => queue.rateLimit(ms),
  });
  // Its only use is the pause after a 429, which BullMQ keeps on the queue.
  const queue = new Queue<FleetJobData, FleetJobResult>(name, { connection });
  const worker = new Worker<FleetJobData, FleetJobResult>(name, processor, {
    concurrency: 16,
    ...workerOptions,
    connection,
    limiter: spreadLimiter(limiter),
  });
  return {
    worker,
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}
