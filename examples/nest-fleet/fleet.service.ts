import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Observable } from 'rxjs';
import type { CreateVideoParams, VideoTask } from 'sora-rx';
import { enqueueVideo, type FleetQueue, fleetStatus$ } from 'sora-rx/bullmq';
import { VIDEO_QUEUE } from './fleet.options.js';
import { VideoQueueEvents } from './video.events.js';

/** Adds videos to the fleet's queue, and follows their jobs. */
@Injectable()
export class FleetService {
  constructor(
    @InjectQueue(VIDEO_QUEUE) private readonly queue: Queue,
    @Inject(VideoQueueEvents) private readonly events: VideoQueueEvents,
  ) {}

  /** Adds a video to make; resolves with its job id (the idempotency key). */
  async enqueue(params: CreateVideoParams, idempotencyKey?: string): Promise<string> {
    const job = await enqueueVideo(this.queue as FleetQueue, params, { idempotencyKey });
    return String(job.id);
  }

  /** The task of a job, as it changes, up to its end. */
  status$(jobId: string): Observable<VideoTask> {
    return fleetStatus$(this.events.queueEvents, jobId, { queue: this.queue as FleetQueue });
  }

  /** Waits until the queue's events are being read. */
  ready(): Promise<unknown> {
    return this.events.queueEvents.waitUntilReady();
  }
}
