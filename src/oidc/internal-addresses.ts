import dns from 'node:dns';
import net from 'node:net';

// Where a server's own network starts: loopback, private, shared (carrier-grade NAT), link-local (cloud metadata
// at 169.254.169.254) and "this network". BlockList checks an IPv4-mapped IPv6 address against the IPv4 rules.
const INTERNAL = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  INTERNAL.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  INTERNAL.addSubnet(address, prefix, 'ipv6');

/** Whether an IP address is on the server's own network (not a name: see externalLookup for those). */
export function isInternalAddress(address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** A URL's host names the server's own network by itself: `localhost` or an internal IP address. */
export function namesInternalHost(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || isInternalAddress(host);
}

type LookupCallback = (error: Error | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * dns.lookup that never answers an internal address: a name an app registered cannot be pointed (or re-pointed,
 * after it was checked) at the server's own network. Addresses outside it are kept; with none, the lookup fails.
 */
export function externalLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const external = addresses.filter(({ address }) => !isInternalAddress(address));
    if (external.length === 0)
      return callback(
        Object.assign(new Error(`${hostname} is on this server's own network`), { code: 'ENOTFOUND' }),
        [],
      );
    if (options.all) return callback(null, external);
    callback(null, external[0]!.address, external[0]!.family);
  });
}
