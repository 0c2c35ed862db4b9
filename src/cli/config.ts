import { normalizeBaseUrl } from '../http/url.js';
import type { DialectName } from '../index.js';
import { UsageError } from './usage-error.js';

/** The connection flags of the commands that talk to the API. */
export interface ConnectionFlags {
  /** `--base-url`. */
  readonly baseUrl?: string | undefined;
  /** `--api-key`. */
  readonly apiKey?: string | undefined;
  /** `--dialect`: unset, the client picks one by the base URL. */
  readonly dialect?: DialectName | undefined;
}

/** Where the API is and the key to call it with. */
export interface Connection {
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Where the key came from, for the error when the API refuses it. */
  readonly apiKeySource?: '--api-key' | 'SORA_API_KEY' | undefined;
  /** Where the base URL came from, for the error when nothing answers there. */
  readonly baseUrlSource?: '--base-url' | 'SORA_BASE_URL' | undefined;
  /** The gateway's dialect, where the user named one. */
  readonly dialect?: DialectName | undefined;
}

/**
 * The base URL and key: flags first, then `SORA_BASE_URL` and `SORA_API_KEY`. A missing one is a
 * {@link UsageError} that says how to give it; the message never holds the key.
 */
export function resolveConnection(
  flags: ConnectionFlags,
  env: Readonly<Record<string, string | undefined>>,
): Connection {
  const baseUrl = nonEmpty(flags.baseUrl) ?? nonEmpty(env.SORA_BASE_URL);
  const apiKey = nonEmpty(flags.apiKey) ?? nonEmpty(env.SORA_API_KEY);
  if (baseUrl === undefined) {
    throw new UsageError(
      'missing base URL: pass --base-url or set SORA_BASE_URL (such as https://api.example.com/v1)',
    );
  }
  if (apiKey === undefined)
    throw new UsageError('missing API key: pass --api-key or set SORA_API_KEY');
  const source = nonEmpty(flags.baseUrl) === undefined ? 'SORA_BASE_URL' : ('--base-url' as const);
  const apiKeySource = nonEmpty(flags.apiKey) === undefined ? 'SORA_API_KEY' : '--api-key';
  // Checked here, not by the client, whose message would name its own option, `apiKey`.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new UsageError(
      `invalid configuration: the API key from ${apiKeySource} holds spaces or characters other than printable ASCII`,
    );
  }
  return {
    baseUrl: checkBaseUrl(baseUrl, source),
    apiKey,
    apiKeySource,
    baseUrlSource: source,
    ...(flags.dialect === undefined ? {} : { dialect: flags.dialect }),
  };
}

/** The base URL, normalised; a bad one is a {@link UsageError} naming where it came from. */
function checkBaseUrl(baseUrl: string, source: string): string {
  try {
    return normalizeBaseUrl(baseUrl, source);
  } catch (error) {
    throw new UsageError(`invalid configuration: ${(error as Error).message}`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
