import { isIP } from 'node:net';

/**
 * Whether a host is reachable only from inside a private network: an RFC 1918 IPv4 address
 * (10/8, 172.16/12, 192.168/16), an IPv6 unique-local address (fc00::/7), or a name under one of
 * the configured private DNS zones. Loopback is not private here: local runs (`pantau check`,
 * `watch`, the demo) reach it without any VPC.
 */

export type PrivateReason = 'private address' | 'private zone';

/** The address or name inside brackets, without a trailing root dot, lower case. */
function bareHost(host: string): string {
  const unbracketed = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return unbracketed.replace(/\.$/, '').toLowerCase();
}

function privateIpv4(address: string): boolean {
  const [a, b] = address.split('.').map(Number) as [number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** fc00::/7: the first 16-bit group is fc00–fdff. An IPv4-mapped address is judged as IPv4. */
function privateIpv6(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return privateIpv4(mapped[1]!);
  const first = address.split(':')[0] ?? '';
  if (first === '') return false;
  const group = parseInt(first, 16);
  return group >= 0xfc00 && group <= 0xfdff;
}

/** A zone as written (`internal`, `.pdn.go.id.`) → its suffix form, lower case, without dots at the ends. */
export function normaliseZone(zone: string): string {
  return zone.trim().replace(/^\.+|\.+$/g, '').toLowerCase();
}

/** Why `host` is private, or undefined when it is public (or loopback). */
export function privateReason(host: string, privateZones: readonly string[] = []): PrivateReason | undefined {
  const bare = bareHost(host);
  const family = isIP(bare);
  if (family === 4) return privateIpv4(bare) ? 'private address' : undefined;
  if (family === 6) return privateIpv6(bare) ? 'private address' : undefined;
  const underZone = privateZones.map(normaliseZone).some((zone) => zone !== '' && (bare === zone || bare.endsWith(`.${zone}`)));
  return underZone ? 'private zone' : undefined;
}
