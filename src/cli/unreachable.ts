import type { Connection } from './config.js';
import { UsageError } from './usage-error.js';

/** The reasons a request is retried (in `describeRetryReason`'s words) that say nothing is there. */
const NOTHING_THERE = new Set([
  'connection refused',
  'host not found',
  'host unreachable',
  'network unreachable',
]);

/**
 * The configuration error of a base URL that leads nowhere, for a request retried `reason`
 * before the API ever answered this run: a refused connection or an unknown host on the very
 * first requests almost always means a wrong `--base-url`, so the CLI says so at once (exit 2)
 * instead of retrying for a minute. `undefined` for any other reason, or for the CLI's own
 * servers (the demo's), which have no source to name.
 */
export function unreachableError(
  reason: string,
  connection: Pick<Connection, 'baseUrl' | 'baseUrlSource'>,
): UsageError | undefined {
  const source = connection.baseUrlSource;
  if (!NOTHING_THERE.has(reason) || source === undefined) return undefined;
  return new UsageError(
    `could not reach ${connection.baseUrl} (${reason}): check ${source}, such as https://api.example.com/v1`,
  );
}
