import { EventEmitter } from 'node:events';
import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { limitConnectionsPerAddress } from '../src/http/connections.js';
import { limitedAddress } from '../src/ratelimit/address.js';

describe('the address a per-address limit counts', () => {
  it('counts IPv4 as it is, and IPv6 by its /64 however it is written', () => {
    expect(limitedAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(limitedAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    for (const written of [
      '2001:db8:abcd:12:1:2:3:4',
      '2001:0db8:ABCD:0012:ffff:ffff:ffff:ffff',
      '2001:db8:abcd:12::1',
      '2001:db8:abcd:12::',
      '2001:db8:abcd:12:ffff::1.2.3.4',
    ])
      expect(limitedAddress(written), written).toBe('2001:db8:abcd:12::');
    expect(limitedAddress('2001:db8:abcd:13::1')).toBe('2001:db8:abcd:13::');
    expect(limitedAddress('2001::1:2:3:4:5:6')).toBe('2001:0:1:2::');
    expect(limitedAddress('::1')).toBe('::');
    expect(limitedAddress(null)).toBe('unknown');
  });
});

describe('the per-address connection ceiling (MAX_CONNECTIONS_PER_IP)', () => {
  // A server that only emits connections, and sockets that only record being destroyed.
  const server = () => new EventEmitter() as unknown as http.Server;
  const socket = (remoteAddress: string) => {
    const fake = Object.assign(new EventEmitter(), { remoteAddress, destroyed: false });
    return Object.assign(fake, { destroy: () => void (fake.destroyed = true) });
  };

  it('counts the addresses of one IPv6 /64 together, and frees a place when one closes', () => {
    const listening = server();
    limitConnectionsPerAddress(listening, 2);
    const sockets = [
      '2001:db8:abcd:12::1',
      '2001:db8:abcd:12::2',
      '2001:db8:abcd:12:ffff::9',
      '2001:db8:abcd:13::1',
    ].map(socket);
    for (const s of sockets) listening.emit('connection', s);
    expect(sockets.map((s) => s.destroyed)).toEqual([false, false, true, false]);
    sockets[0]!.emit('close');
    const again = socket('2001:db8:abcd:12::77');
    listening.emit('connection', again);
    expect(again.destroyed).toBe(false);
  });
});
