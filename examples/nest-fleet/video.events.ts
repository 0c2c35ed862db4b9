import { QueueEventsHost, QueueEventsListener } from '@nestjs/bullmq';
import { VIDEO_QUEUE } from './fleet.options.js';

/** The queue's events, which `fleetStatus$` reads to follow a job. */
@QueueEventsListener(VIDEO_QUEUE)
export class VideoQueueEvents extends QueueEventsHost {}
