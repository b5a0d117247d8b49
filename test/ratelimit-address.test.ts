import { describe, expect, it } from 'vitest';
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
