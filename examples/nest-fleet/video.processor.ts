import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Queue } from 'bullmq';
import {
  createFleetProcessor,
  type FleetJob,
  type FleetJobResult,
  type FleetProcessor,
} from 'sora-rx/bullmq';
import { FLEET_OPTIONS, type FleetOptions, VIDEO_QUEUE } from './fleet.options.js';

/**
 * The fleet's worker: each activation of a job is one step of sora-rx's processor (the create, one
 * poll, or the download), so `limiter` is the provider's rate limit for every worker of the fleet:
 * here 10 requests a second. Run the app in as many processes as you like.
 */
@Processor(VIDEO_QUEUE, { limiter: { max: 10, duration: 1_000 }, concurrency: 16 })
export class VideoProcessor extends WorkerHost {
  private readonly run: FleetProcessor;

  constructor(
    @InjectQueue(VIDEO_QUEUE) queue: Queue,
    @Inject(FLEET_OPTIONS) { client, save }: FleetOptions,
  ) {
    super();
    // A 429 pauses the whole queue, in Redis, for every worker.
    this.run = createFleetProcessor({ client, save, rateLimit: (ms) => queue.rateLimit(ms) });
  }

  process(job: FleetJob, token?: string): Promise<FleetJobResult> {
    return this.run(job, token);
  }
}
