import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue, QueueEvents } from 'bullmq';
import type { Observable } from 'rxjs';
import type { CreateVideoParams, VideoTask } from 'sora-rx';
import {
  createFleetWorker,
  enqueueVideo,
  type FleetJobData,
  type FleetJobResult,
  type FleetWorker,
  fleetStatus$,
} from 'sora-rx/bullmq';
import { FLEET_OPTIONS, type FleetOptions } from './fleet.options.js';

/**
 * The fleet in a Nest app: the queue to add videos to, its events to follow them, and a worker
 * (run it in as many processes as you like: they share the queue and its rate limit).
 */
@Injectable()
export class FleetService implements OnModuleDestroy {
  private readonly queue: Queue<FleetJobData, FleetJobResult>;
  private readonly queueEvents: QueueEvents;
  private readonly worker: FleetWorker;

  constructor(@Inject(FLEET_OPTIONS) options: FleetOptions) {
    const { queueName, connection, limiter, client, save } = options;
    this.queue = new Queue(queueName, { connection });
    this.queueEvents = new QueueEvents(queueName, { connection });
    this.worker = createFleetWorker(queueName, { connection, limiter, client, save });
  }

  /** Adds a video to make; resolves with its job id. */
  async enqueue(params: CreateVideoParams, idempotencyKey?: string): Promise<string> {
    const job = await enqueueVideo(this.queue, params, { idempotencyKey });
    return String(job.id);
  }

  /** The task of a job, as it changes, up to its end. */
  status$(jobId: string): Observable<VideoTask> {
    return fleetStatus$(this.queueEvents, jobId, { queue: this.queue });
  }

  /** Waits until the queue's events are being read. */
  ready(): Promise<unknown> {
    return this.queueEvents.waitUntilReady();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
    await this.queueEvents.close();
    await this.queue.close();
  }
}
