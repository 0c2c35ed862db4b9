import { createSoraClient, type Journal, type SoraClient } from '../index.js';
import type { Connection } from './config.js';
import { UsageError } from './usage-error.js';

/**
 * A client for `connection`, recording in `journal` if given; an option the client refuses becomes
 * a {@link UsageError}.
 */
export function createClient(connection: Connection, journal?: Journal): SoraClient {
  try {
    return createSoraClient({ baseUrl: connection.baseUrl, apiKey: connection.apiKey, journal });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(`invalid configuration: ${error.message}`);
    throw error;
  }
}
