import type { QueueEvents } from 'bullmq';
import { VideoTaskCodec } from '../core-for-fleet.js';
import type { FleetEvent } from './fleet-event.js';
import type { FleetJobResult } from './fleet-job.js';
import { SoraFleetJobError } from './fleet-job-error.js';
import { SWEEP_JOB_IDS } from './fleet-sweep.js';

/** The key of a listener of every job. */
export const ALL_JOBS = '\u0000all';

type Listener = (event: FleetEvent) => void;

/**
 * Reads a queue's events once and hands each to the listeners of its job: a page that follows
 * thousands of jobs adds one listener to `QueueEvents` per kind of event, not thousands, and an
 * event costs a map lookup, not a call per follower.
 */
class FleetEventRouter {
  private readonly listeners = new Map<string, Set<Listener>>();
  private count = 0;

  constructor(private readonly queueEvents: QueueEvents) {}

  /** Adds a listener of a job (or of {@link ALL_JOBS}); returns what removes it. */
  listen(jobId: string, listener: Listener): () => void {
    let set = this.listeners.get(jobId);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(jobId, set);
    }
    set.add(listener);
    if (this.count++ === 0) this.attach();
    return () => {
      if (!set.delete(listener)) return;
      if (set.size === 0 && this.listeners.get(jobId) === set) this.listeners.delete(jobId);
      if (--this.count === 0) this.detach();
    };
  }

  private emit(event: FleetEvent): void {
    // The queue's sweeps are no video's jobs: their end is nobody's news.
    if (event.jobId.startsWith(SWEEP_JOB_IDS)) return;
    for (const key of [event.jobId, ALL_JOBS]) {
      const set = this.listeners.get(key);
      if (set !== undefined) for (const listener of [...set]) listener(event);
    }
  }

  private readonly onProgress = ({ jobId, data }: { jobId: string; data: unknown }) => {
    if (VideoTaskCodec.is(data)) this.emit({ jobId, task: data, done: false });
  };

  private readonly onCompleted = ({
    jobId,
    returnvalue,
  }: {
    jobId: string;
    returnvalue: unknown;
  }) => {
    const result = returnvalue as Partial<FleetJobResult> | null | undefined;
    if (VideoTaskCodec.is(result?.task)) {
      this.emit({ jobId, task: result.task, done: true, file: result.file });
    }
  };

  private readonly onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }) =>
    this.emit({ jobId, error: new SoraFleetJobError(jobId, failedReason) });

  private readonly onRemoved = ({ jobId }: { jobId: string }) =>
    this.emit({ jobId, error: new SoraFleetJobError(jobId, 'removed from the queue') });

  private attach(): void {
    this.queueEvents.on('progress', this.onProgress);
    this.queueEvents.on('completed', this.onCompleted);
    this.queueEvents.on('failed', this.onFailed);
    this.queueEvents.on('removed', this.onRemoved);
  }

  private detach(): void {
    this.queueEvents.off('progress', this.onProgress);
    this.queueEvents.off('completed', this.onCompleted);
    this.queueEvents.off('failed', this.onFailed);
    this.queueEvents.off('removed', this.onRemoved);
  }
}

const routers = new WeakMap<QueueEvents, FleetEventRouter>();

/** The router of a queue's events, made at its first use. */
export function routerOf(queueEvents: QueueEvents): FleetEventRouter {
  let router = routers.get(queueEvents);
  if (router === undefined) {
    router = new FleetEventRouter(queueEvents);
    routers.set(queueEvents, router);
  }
  return router;
}
