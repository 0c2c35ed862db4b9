import { BlockList, isIP } from 'node:net';

/**
 * Addresses that are not a host on the public internet: loopback, link-local (where clouds serve
 * instance metadata), private networks, shared address space, and the ranges no host has
 * (unspecified, multicast, reserved). IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) match the
 * IPv4 ranges: `BlockList` checks them against both.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network": 0.0.0.0 reaches the local host
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // shared address space, carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private (RFC 1918)
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private (RFC 1918)
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback (::1) and the deprecated IPv4-compatible addresses
  ['64:ff9b:1::', 48], // local-use IPv4/IPv6 translation (RFC 8215)
  ['fc00::', 7], // unique local addresses
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/**
 * Whether `address` (an IP address, as DNS answers it) is loopback, link-local, private or
 * otherwise not a public host; see {@link NOT_PUBLIC}. An IPv6 address that carries an IPv4 one
 * (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:AABB:CCDD::`) is judged by it.
 * A string that is not an IP address counts as private: a check that cannot tell refuses.
 */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/%.*$/, ''); // A zone index (fe80::1%eth0) says nothing of the range.
  const family = isIP(ip);
  if (family === 4) return NOT_PUBLIC.check(ip, 'ipv4');
  if (family !== 6) return true;
  if (NOT_PUBLIC.check(ip, 'ipv6')) return true;
  const embedded = embeddedIpv4(ip);
  return embedded !== undefined && NOT_PUBLIC.check(embedded, 'ipv4');
}

/** The IPv4 address a NAT64 (`64:ff9b::/96`) or 6to4 (`2002::/16`) address carries. */
function embeddedIpv4(ipv6: string): string | undefined {
  const groups = expandIpv6(ipv6);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) {
    return ipv4Of(groups[6] ?? 0, groups[7] ?? 0);
  }
  if (groups[0] === 0x2002) return ipv4Of(groups[1] ?? 0, groups[2] ?? 0);
  return undefined;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` and a dotted IPv4 tail expanded. */
function expandIpv6(ipv6: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ipv6);
  const text = dotted
    ? ipv6.slice(0, dotted.index) +
      [(Number(dotted[1]) << 8) | Number(dotted[2]), (Number(dotted[3]) << 8) | Number(dotted[4])]
        .map((group) => group.toString(16))
        .join(':')
    : ipv6;
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const before = parse(head);
  const after = tail === undefined ? [] : parse(tail);
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

function ipv4Of(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
