import type { Dialect } from '../dialects/dialect.js';
import type { HttpTransport } from '../http/http-transport.js';
import type { StatusAliases } from '../model/status-aliases.js';

/** Everything a request to the video API needs, resolved once by the client. */
export interface ApiContext {
  /** The base URL with its version prefix and no trailing slash. */
  readonly baseUrl: string;
  /** Headers sent with every request, the credential among them. */
  readonly headers: Readonly<Record<string, string>>;
  /** Sends the requests, within the client's time limit and rate limit. */
  readonly transport: HttpTransport;
  /** The most bytes of a JSON response body to read. */
  readonly maxResponseBytes: number;
  /** What the gateway expects of a create. */
  readonly dialect: Dialect;
  /** Status aliases, keys lower-cased. */
  readonly statusAliases: StatusAliases;
}
