import type { VideoTask } from '../index.js';
import type { SoraFleetJobError } from './fleet-job-error.js';

/** One thing that happened to a job of the fleet, as `fleetEvents$` emits it. */
export type FleetEvent =
  | {
      readonly jobId: string;
      /** The task as it changed; the terminal one once the job is done. */
      readonly task: VideoTask;
      /** Whether the job is done (its task terminal, its video saved). */
      readonly done: boolean;
      /** Where the video was saved, once done. */
      readonly file?: string | undefined;
      readonly error?: undefined;
    }
  | { readonly jobId: string; readonly error: SoraFleetJobError; readonly task?: undefined };
