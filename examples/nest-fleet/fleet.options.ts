import type { ConnectionOptions } from 'bullmq';
import type { SoraClientOptions } from 'sora-rx';
import type { FleetSave } from 'sora-rx/bullmq';

/** The injection token of the fleet's settings. */
export const FLEET_OPTIONS = Symbol('FLEET_OPTIONS');

/** The queue of the fleet's jobs. */
export const VIDEO_QUEUE = 'videos';

/** The fleet's settings: where Redis is, the client, where videos go. */
export interface FleetOptions {
  readonly connection: ConnectionOptions;
  /** The prefix of the queue's Redis keys, to keep apps (or tests) apart on one Redis. */
  readonly prefix?: string;
  readonly client: SoraClientOptions;
  readonly save: FleetSave;
}
