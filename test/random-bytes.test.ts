import { describe, expect, it } from 'vitest';
import { randomBytes } from '../src/shared/crypto.js';

// Random bytes come from a pool refilled 4 KiB at a time: no byte may be handed out twice.
describe('randomBytes', () => {
  it('hands out each drawn byte once, across refills, in copies the pool does not touch again', () => {
    const drawn = Array.from({ length: 1000 }, (_, i) => randomBytes(1 + (i % 48)));
    expect(drawn.map((bytes) => bytes.length)).toEqual(drawn.map((_, i) => 1 + (i % 48)));
    const kept = drawn.map((bytes) => bytes.toString('hex'));
    randomBytes(4096 * 3);
    // The copies did not change when the pool was refilled under them.
    expect(drawn.map((bytes) => bytes.toString('hex'))).toEqual(kept);
    const long = kept.filter((hex) => hex.length >= 32);
    expect(new Set(long).size).toBe(long.length);
  });

  it('draws more than the pool holds straight from the system', () => {
    const big = randomBytes(10_000);
    expect(big.length).toBe(10_000);
    expect(new Set(big).size).toBeGreaterThan(200);
  });
});
