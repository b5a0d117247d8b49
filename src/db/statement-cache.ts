import type BetterSqlite3 from 'better-sqlite3';
import type { GroupCommitDatabase, GroupCommitStatement } from './group-commit.js';

/** Distinct SQL texts kept prepared; Kysely builds a bounded set, so this holds every hot one. */
const MAX_STATEMENTS = 500;

/**
 * better-sqlite3 behind Kysely's SqliteDialect, preparing each SQL text once: Kysely calls `prepare`
 * for every query, and compiling the statement cost about as much as running it. Least recently
 * used statements are dropped beyond MAX_STATEMENTS (queries with `in (…)` lists make new texts).
 */
export function cachingStatements(sqlite: BetterSqlite3.Database, max = MAX_STATEMENTS): GroupCommitDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    get inTransaction() {
      return sqlite.inTransaction;
    },
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(sql: string): GroupCommitStatement {
      const cached = cache.get(sql);
      // A statement still being iterated (a streamed query) cannot run again: that caller gets its own.
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (cached) return statement;
      cache.set(sql, statement);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}
