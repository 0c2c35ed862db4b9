import { resolveDialect } from '../dialects/resolve-dialect.js';
import type { Dialect } from '../index.js';
import type { Connection } from './config.js';

/**
 * The dialect the CLI cancels in: the connection's, with the `POST {base}/videos/{id}/cancel`
 * that gateways copying OpenAI's shape add, where the dialect is OpenAI's. A dialect of another
 * shape keeps what it has (none of them has a cancel).
 */
export function cancellingDialect(connection: Connection): Dialect {
  const dialect = resolveDialect(connection.dialect, connection.baseUrl);
  if (dialect.name !== 'openai' || dialect.cancelRequest !== undefined) return dialect;
  return {
    ...dialect,
    cancelRequest: (id) => ({ method: 'POST', path: ['videos', id, 'cancel'] }),
  };
}
