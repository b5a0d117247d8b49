import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Database } from '../src/db/database.js';
import type { CounterStore } from '../src/shared/counter-store.js';
import { databaseCounters } from '../src/ratelimit/database-counters.js';
import { redisCounters } from '../src/ratelimit/redis-counters.js';
import { consumeAttempt } from '../src/ratelimit/limit.js';
import { DIALECTS, freshDatabase } from './support/databases.js';

let now = Date.UTC(2026, 10, 22, 9, 0, 0);
const clock = () => now;
const WINDOW = 15 * 60 * 1000;

const redisUrl = inject('redisUrl');
const stores: Array<[string, () => Promise<{ store: CounterStore; close(): Promise<void> }>]> = [
  ...DIALECTS.map(
    (dialect) =>
      [
        `database (${dialect})`,
        async () => {
          const database: Database = await freshDatabase(dialect);
          return { store: databaseCounters(database.db, clock), close: () => database.destroy() };
        },
      ] as [string, () => Promise<{ store: CounterStore; close(): Promise<void> }>],
  ),
  ...(redisUrl
    ? [
        [
          'redis',
          async () => {
            const store = await redisCounters(redisUrl, clock, `latchkey-test:${randomBytes(4).toString('hex')}:`);
            return { store, close: () => store.close() };
          },
        ] as [string, () => Promise<{ store: CounterStore; close(): Promise<void> }>],
      ]
    : []),
];

describe.each(stores)('counter store: %s', (_name, open) => {
  let store: CounterStore;
  let close: () => Promise<void>;
  beforeAll(async () => ({ store, close } = await open()));
  afterAll(() => close());

  it('counts hits in a fixed window and starts again in the next', async () => {
    expect(await store.hit('k1', WINDOW)).toBe(1);
    expect(await store.hit('k1', WINDOW)).toBe(2);
    expect(await store.hit('other', WINDOW)).toBe(1);
    expect(await store.hit('k1', WINDOW)).toBe(3);
    now += WINDOW;
    expect(await store.hit('k1', WINDOW)).toBe(1);
  });

  it('refuses past the limit, asking to wait for the rest of the fixed window only', async () => {
    // Ten minutes into the next window.
    now += WINDOW - (now % WINDOW) + 10 * 60 * 1000;
    await consumeAttempt({ counters: store, clock }, 'limited', 1, WINDOW);
    await expect(consumeAttempt({ counters: store, clock }, 'limited', 1, WINDOW)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 5 * 60 },
    });
  });

  it('is atomic under concurrent hits', async () => {
    const counts = await Promise.all(Array.from({ length: 50 }, () => store.hit('burst', WINDOW)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('resets a key', async () => {
    await store.hit('r', WINDOW);
    await store.hit('r', WINDOW);
    await store.reset('r', WINDOW);
    expect(await store.hit('r', WINDOW)).toBe(1);
  });

  it('backs off exponentially after the free attempts, refusing without counting while locked', async () => {
    const rule = { free: 3, baseMs: WINDOW, maxMs: 4 * WINDOW };
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await store.backoff('b', rule));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[2]!.lockedUntil).toBe(now + WINDOW);
    expect(results[3]).toEqual({ allowed: false, failures: 3, lockedUntil: now + WINDOW });
    const doubles = [];
    for (const _ of [1, 2, 3, 4]) {
      now += (await store.backoffState('b')).lockedUntil - now;
      const r = await store.backoff('b', rule);
      expect(r.allowed).toBe(true);
      doubles.push((r.lockedUntil - now) / WINDOW);
    }
    expect(doubles).toEqual([2, 4, 4, 4]);
    await store.clearBackoff('b');
    expect(await store.backoffState('b')).toEqual({ failures: 0, lockedUntil: 0 });
  });

  it('forgets a back-off after twice maxMs without attempts', async () => {
    const rule = { free: 2, baseMs: WINDOW, maxMs: 2 * WINDOW };
    await store.backoff('f', rule);
    now += 4 * WINDOW - 1;
    expect((await store.backoff('f', rule)).failures).toBe(2);
    now += 4 * WINDOW;
    expect(await store.backoff('f', rule)).toEqual({ allowed: true, failures: 1, lockedUntil: 0 });
  });

  it('counts back-off attempts atomically under concurrency', async () => {
    const rule = { free: 5, baseMs: WINDOW, maxMs: WINDOW };
    const results = await Promise.all(Array.from({ length: 30 }, () => store.backoff('burst-b', rule)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(
      results
        .filter((r) => r.allowed)
        .map((r) => r.failures)
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4, 5]);
  });
});
