import type { ConnectionOptions } from 'bullmq';
import type { SoraClientOptions } from 'sora-rx';
import type { FleetSave } from 'sora-rx/bullmq';

/** The injection token of the fleet's settings. */
export const FLEET_OPTIONS = Symbol('FLEET_OPTIONS');

/** The fleet's settings: where Redis is, the provider's limit, the client, where videos go. */
export interface FleetOptions {
  readonly queueName: string;
  readonly connection: ConnectionOptions;
  readonly limiter: { readonly max: number; readonly duration: number };
  readonly client: SoraClientOptions;
  readonly save: FleetSave;
}
