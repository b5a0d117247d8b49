import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Clock } from '../shared/deps.js';
import type { CounterStore } from '../shared/counter-store.js';

const big = (value: number) => sql<number>`cast(${value} as bigint)`;

/**
 * Counters in the `rate_limits` and `attempt_backoffs` tables;
 * one upsert per hit keeps them atomic on SQLite and PostgreSQL.
 */
export function databaseCounters(db: Kysely<DB>, clock: Clock): CounterStore {
  return {
    async hit(key, windowMs) {
      const now = clock();
      const windowStart = now - (now % windowMs);
      const windowOver = sql<boolean>`rate_limits.window_start < ${windowStart}`;
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: windowStart, count: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            count: sql<number>`case when ${windowOver} then 1 else rate_limits.count + 1 end`,
            window_start: sql<number>`case when ${windowOver} then ${windowStart} else rate_limits.window_start end`,
          }),
        )
        .returning('count')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async reset(key) {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },
    async backoff(key, { free, baseMs, maxMs }) {
      const now = clock();
      const firstLock = free <= 1 ? baseMs : 0;
      // Every SET reads the row as it was; `stale` rows are forgotten, `locked` ones refuse without counting.
      const stale = sql`attempt_backoffs.expires_at <= ${big(now)}`;
      const locked = sql`attempt_backoffs.locked_until > ${big(now)}`;
      const doubled = sql`case when attempt_backoffs.lock_ms = 0 then ${big(baseMs)}
        when attempt_backoffs.lock_ms * 2 > ${big(maxMs)} then ${big(maxMs)} else attempt_backoffs.lock_ms * 2 end`;
      const underFree = sql`attempt_backoffs.failures + 1 < ${free}`;
      const row = await db
        .insertInto('attempt_backoffs')
        .values({
          key,
          failures: 1,
          lock_ms: firstLock,
          locked_until: firstLock ? now + firstLock : 0,
          expires_at: now + 2 * maxMs,
          allowed: 1,
        })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            allowed: sql<0 | 1>`case when ${stale} then 1 when ${locked} then 0 else 1 end`,
            failures: sql<number>`case when ${stale} then 1
              when ${locked} then attempt_backoffs.failures else attempt_backoffs.failures + 1 end`,
            lock_ms: sql<number>`case when ${stale} then ${big(firstLock)}
              when ${locked} then attempt_backoffs.lock_ms when ${underFree} then 0 else ${doubled} end`,
            locked_until: sql<number>`case when ${stale} then ${big(firstLock ? now + firstLock : 0)}
              when ${locked} then attempt_backoffs.locked_until when ${underFree} then 0
              else ${big(now)} + ${doubled} end`,
            expires_at: sql<number>`case when ${stale} then ${big(now + 2 * maxMs)}
              when ${locked} then attempt_backoffs.expires_at else ${big(now + 2 * maxMs)} end`,
          }),
        )
        .returning(['allowed', 'failures', 'locked_until'])
        .executeTakeFirstOrThrow();
      return {
        allowed: Number(row.allowed) === 1,
        failures: Number(row.failures),
        lockedUntil: Number(row.locked_until),
      };
    },
    async backoffState(key) {
      const row = await db
        .selectFrom('attempt_backoffs')
        .select(['failures', 'locked_until'])
        .where('key', '=', key)
        .where('expires_at', '>', clock())
        .executeTakeFirst();
      return { failures: Number(row?.failures ?? 0), lockedUntil: Number(row?.locked_until ?? 0) };
    },
    async clearBackoff(key) {
      await db.deleteFrom('attempt_backoffs').where('key', '=', key).execute();
    },
    async close() {},
  };
}
