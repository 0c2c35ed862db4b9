/**
 * A fleet of workers on BullMQ and Redis that create, watch and download videos under one provider
 * rate limit. The core never imports it; bullmq and ioredis are optional peers.
 *
 * @module sora-rx/bullmq
 */

export {
  CREATE_PRIORITY,
  type EnqueueVideoOptions,
  type EnqueueWatchOptions,
  enqueueVideo,
  enqueueWatch,
  type FleetJob,
  type FleetQueue,
} from './enqueue.js';
export type { FleetEvent } from './fleet-event.js';
export {
  CREATE_JOB,
  type FleetAnswer,
  type FleetJobData,
  type FleetJobResult,
  WATCH_JOB,
} from './fleet-job.js';
export { SoraFleetJobError } from './fleet-job-error.js';
export { createFleetProcessor, type FleetProcessor } from './fleet-processor.js';
export type { FleetProcessorOptions, FleetSave } from './fleet-processor-options.js';
export {
  type FleetStatusOptions,
  fleetEvents$,
  fleetStatus$,
} from './fleet-status.js';
export {
  type FleetSweepOptions,
  type FleetSweepResult,
  SWEEP_JOB,
  scheduleFleetSweeps,
  stopFleetSweeps,
} from './fleet-sweep.js';
export { createFleetWorker, type FleetWorker, type FleetWorkerOptions } from './fleet-worker.js';
