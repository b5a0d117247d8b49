import { isIPv6 } from 'node:net';
import { Address6 } from 'ip-address';

/**
 * The address a per-address limit counts: an IPv4 address as it is, an IPv6 one by its /64, the block a single
 * network (a home, an office, a cloud machine) is given. Counted by the full address, one machine could spend a
 * fresh budget from each of its 2^64 addresses. The same as the API's limit counts (@fastify/rate-limit's
 * default). The audit log keeps the full address.
 */
export function limitedAddress(ip: string | null | undefined): string {
  if (!ip) return 'unknown';
  if (!isIPv6(ip)) return ip;
  const address = new Address6(ip);
  if (address.isMapped4()) return address.to4().correctForm();
  return new Address6(`${ip}/64`).startAddress().correctForm();
}
