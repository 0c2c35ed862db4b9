import {
  createSoraClient,
  type Dialect,
  type Journal,
  type RetryWithBackoffOptions,
  type SoraClient,
} from '../index.js';
import type { Connection } from './config.js';
import { UsageError } from './usage-error.js';

/** What a command's client adds to its connection. */
export interface ClientExtras {
  /** The retries of its requests, with the command's own `onRetry`. */
  readonly retry?: RetryWithBackoffOptions | undefined;
  /** Where it records its tasks. */
  readonly journal?: Journal | undefined;
  /** A dialect in place of the connection's, such as one with a gateway's cancel. */
  readonly dialect?: Dialect | undefined;
}

/**
 * A client for `connection`, with `extras`; an option the client refuses becomes a
 * {@link UsageError}.
 */
export function createClient(connection: Connection, extras: ClientExtras = {}): SoraClient {
  try {
    const { retry, journal } = extras;
    const dialect = extras.dialect ?? connection.dialect;
    return createSoraClient({
      baseUrl: connection.baseUrl,
      apiKey: connection.apiKey,
      ...(dialect === undefined ? {} : { dialect }),
      ...(retry === undefined ? {} : { retry }),
      journal,
    });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(`invalid configuration: ${error.message}`);
    throw error;
  }
}
