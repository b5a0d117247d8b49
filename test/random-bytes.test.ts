import { describe, expect, it } from 'vitest';
import { newId, randomBytes } from '../src/shared/crypto.js';

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

// Row ids are UUID version 7 (RFC 9562): the time first, so a table's new rows sit together in its index.
describe('newId', () => {
  it('is a version 7 UUID with the time of its making and 74 random bits, unique', () => {
    const before = Date.now();
    const ids = Array.from({ length: 10_000 }, () => newId());
    const after = Date.now();
    for (const id of ids.slice(0, 100)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ms = parseInt(id.replaceAll('-', '').slice(0, 12), 16);
      expect(ms).toBeGreaterThanOrEqual(before);
      expect(ms).toBeLessThanOrEqual(after);
    }
    expect(new Set(ids).size).toBe(ids.length);
    // The random part varies within one millisecond (not a counter).
    expect(new Set(ids.map((id) => id.slice(15))).size).toBe(ids.length);
  });

  it('sorts by time across milliseconds', async () => {
    const first = newId();
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect([newId(), first].sort()[0]).toBe(first);
  });
});
