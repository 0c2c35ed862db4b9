import type { Connection } from './config.js';
import type { ErrorInfo } from './describe-error.js';
import { UsageError } from './usage-error.js';

/**
 * The configuration error of a key the API refused (401 or 403, `SORA_AUTH`), naming where the key
 * came from; `undefined` for any other error, or when the key is the CLI's own (the demo's).
 */
export function keyRefusedError(
  error: ErrorInfo,
  connection: Pick<Connection, 'apiKeySource'>,
): UsageError | undefined {
  const source = connection.apiKeySource;
  if (error.code !== 'SORA_AUTH' || source === undefined) return undefined;
  return new UsageError(`the API refused the key from ${source} (${error.message})`);
}
