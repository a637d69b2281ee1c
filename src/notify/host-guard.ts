/**
 * Where opsight may send: only to hosts in `notify.allowedHosts`, and never to link-local or cloud metadata
 * addresses, whatever the list says and whatever a DNS name resolves to. The name is resolved once, every
 * address checked, and the connection made to the checked address (so a second lookup cannot point elsewhere).
 */
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

const forbidden = new BlockList();
forbidden.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, and the metadata service of AWS, GCP, Azure, OpenStack
forbidden.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
forbidden.addSubnet('0.0.0.0', 8, 'ipv4');
forbidden.addSubnet('224.0.0.0', 3, 'ipv4'); // multicast and reserved, broadcast
forbidden.addSubnet('fe80::', 10, 'ipv6'); // link-local
forbidden.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
forbidden.addSubnet('ff00::', 8, 'ipv6');
forbidden.addAddress('::', 'ipv6');

/** Why an address is never called, or undefined when it may be. IPv4 written as IPv6 (`::ffff:a.b.c.d`) is judged as IPv4. */
export function forbiddenAddress(address: string): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip);
  if (family === 0) return `${address} is not an IP address`;
  return forbidden.check(ip, family === 4 ? 'ipv4' : 'ipv6') ? `${address} is a link-local or metadata address` : undefined;
}

/** Whether `host` (a URL's hostname, lower case, IPv6 without brackets) is in the allow list: exact, or under a `*.domain` entry. */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) : entry.replace(/^\[|\]$/g, '') === host));
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => lookup(host, { all: true });

export class HostRefused extends Error {}

/** The address to connect to for `host`, once it is allowed and every address it resolves to is safe; throws HostRefused. */
export async function checkedAddress(host: string, allowed: readonly string[], resolve: Resolver = systemResolver): Promise<{ address: string; family: 4 | 6 }> {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  const literal = isIP(bare) === 0 ? undefined : forbiddenAddress(bare);
  if (literal !== undefined) throw new HostRefused(`${bare} refused: ${literal}`);
  if (!hostAllowed(bare, allowed)) throw new HostRefused(`${bare} is not in notify.allowedHosts`);
  const addresses = isIP(bare) !== 0 ? [{ address: bare, family: isIP(bare) }] : await resolve(bare).catch((error: unknown) => {
    throw new HostRefused(`${bare} does not resolve: ${(error as Error).message}`);
  });
  for (const { address } of addresses) {
    const problem = forbiddenAddress(address);
    if (problem !== undefined) throw new HostRefused(`${bare} refused: ${problem}`);
  }
  const first = addresses[0];
  if (first === undefined) throw new HostRefused(`${bare} resolves to no address`);
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
