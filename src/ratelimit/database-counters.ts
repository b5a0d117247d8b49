import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Clock } from '../shared/deps.js';
import type { CounterStore } from './counter-store.js';

/** Counters in the `rate_limits` table; one upsert per hit keeps them atomic on SQLite and PostgreSQL. */
export function databaseCounters(db: Kysely<DB>, clock: Clock): CounterStore {
  return {
    async hit(key, windowMs) {
      const now = clock();
      const windowStart = now - (now % windowMs);
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: windowStart, count: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            count: sql<number>`case when rate_limits.window_start < ${windowStart} then 1 else rate_limits.count + 1 end`,
            window_start: sql<number>`case when rate_limits.window_start < ${windowStart} then ${windowStart} else rate_limits.window_start end`,
          }),
        )
        .returning('count')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async reset(key) {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },
    async close() {},
  };
}
