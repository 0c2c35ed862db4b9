import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { SoraAddressRefusedError } from '../errors/download-errors.js';
import { isPrivateAddress } from './private-address.js';

/** Resolves a host name to all its addresses, as `dns.lookup` does with `all: true`. */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** Options of {@link buildPublicOnlyConnector}. */
export interface PublicOnlyConnectorOptions {
  /**
   * The one origin reached whatever its address, such as the API's `http://127.0.0.1:8080`: its
   * user chose it, and a local gateway serves its videos there.
   */
  readonly trustedOrigin?: string | undefined;
  /**
   * How host names are resolved.
   * @default dns.lookup
   */
  readonly resolve?: ResolveAll;
}

/**
 * An undici connector that connects to public addresses only: an IP address in the URL is checked
 * before connecting, a host name after DNS resolution, on the very addresses the socket then
 * connects to, so a name that resolves to `10.0.0.1` is refused and a later DNS answer cannot
 * slip one in. Private addresses among public ones are dropped; when none is left the connection
 * fails with {@link SoraAddressRefusedError}. Every redirect opens its own connection, so it is
 * checked too. See {@link isPrivateAddress} for what is refused.
 */
export function buildPublicOnlyConnector(
  options: PublicOnlyConnectorOptions = {},
): buildConnector.connector {
  const trusted = buildConnector({});
  const guarded = buildConnector({ lookup: publicOnlyLookup(options.resolve ?? dnsLookup) });
  return (connectOptions, callback) => {
    const { protocol, host, hostname } = connectOptions;
    if (options.trustedOrigin !== undefined && `${protocol}//${host}` === options.trustedOrigin) {
      trusted(connectOptions, callback);
      return;
    }
    // An address in the URL is never looked up: check it here.
    if (isIP(hostname) !== 0 && isPrivateAddress(hostname)) {
      const error = new SoraAddressRefusedError(hostname, [hostname]);
      // Asynchronously, as a real connection fails: undici does not expect its callback at once.
      queueMicrotask(() => callback(error, null));
      return;
    }
    guarded(connectOptions, callback);
  };
}

/** A `lookup` for `net.connect` that answers only the public addresses of a host. */
export function publicOnlyLookup(resolve: ResolveAll): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) {
        callback(error, '');
        return;
      }
      const allowed = addresses.filter(({ address }) => !isPrivateAddress(address));
      const [first] = allowed;
      if (first === undefined) {
        const refused = addresses.map(({ address }) => address);
        callback(new SoraAddressRefusedError(hostname, refused), '');
      } else if (options.all === true) {
        callback(null, allowed);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}
