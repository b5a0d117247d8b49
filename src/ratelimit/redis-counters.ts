import { Redis } from 'ioredis';
import type { Clock } from '../shared/deps.js';
import type { CounterStore } from './counter-store.js';

/** Counters in Redis (INCR + PEXPIRE in one MULTI): shared by every instance without touching the database. */
export function redisCounters(url: string, clock: Clock, prefix = 'latchkey:rl:'): CounterStore {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const windowKey = (key: string, windowMs: number) => {
    const now = clock();
    return `${prefix}${key}:${now - (now % windowMs)}`;
  };
  return {
    async hit(key, windowMs) {
      const k = windowKey(key, windowMs);
      const result = await redis.multi().incr(k).pexpire(k, windowMs).exec();
      const [err, count] = result?.[0] ?? [new Error('empty MULTI reply'), 0];
      if (err) throw err;
      return Number(count);
    },
    async reset(key, windowMs) {
      await redis.del(windowKey(key, windowMs));
    },
    async close() {
      await redis.quit();
    },
  };
}
