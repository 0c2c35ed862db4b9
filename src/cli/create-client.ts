import { createSoraClient, type RetryWithBackoffOptions, type SoraClient } from '../index.js';
import type { Connection } from './config.js';
import { UsageError } from './usage-error.js';

/** A client for `connection`; an option the client refuses becomes a {@link UsageError}. */
export function createClient(
  connection: Connection,
  retry: RetryWithBackoffOptions = {},
): SoraClient {
  try {
    return createSoraClient({ baseUrl: connection.baseUrl, apiKey: connection.apiKey, retry });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(`invalid configuration: ${error.message}`);
    throw error;
  }
}
