import { hash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

// `select *`, `"u".*`, `returning *`: a star followed by a comma, `from` or the end; not `count(*)` or `"a" * $1`.
const STAR_COLUMNS = /(^|[\s,])("[^"]+"\.)*\*(?=\s*(,|\bfrom\b|$))/;
const names = new Map<string, string>();

/**
 * Marks a hot statement (precompiled.ts): on PostgreSQL each connection then parses and plans it once, by name,
 * and runs it by name after (docs/performance.md).
 * Its columns must be named: a prepared `*` fails with "cached plan must not change result type" once a
 * rolling upgrade adds a column, while instances of the old version still run it.
 */
export function nameStatement(sql: string): void {
  if (STAR_COLUMNS.test(sql))
    throw new Error(`a hot statement names its columns (no *): a new column would break it: ${sql.slice(0, 80)}`);
  // Named by their text, so a name means one statement in every instance and version (what an operator sees in
  // pg_prepared_statements, and what a pooler handing a connection on may have prepared there already).
  if (!names.has(sql)) names.set(sql, `latchkey_${hash('sha256', sql, 'hex').slice(0, 16)}`);
}

/** The pool Kysely uses: the marked statements are run by name, every other as it is. */
export function namingPool(pool: Pool): PostgresPool {
  const clients = new WeakMap<PoolClient, PostgresPoolClient>();
  const wrap = (client: PoolClient): PostgresPoolClient => {
    // Kysely's query(sql, parameters); its other form, a cursor, is never used: Latchkey streams no query.
    const query = (text: string, values: unknown[]) => {
      const name = names.get(text);
      return name ? client.query({ name, text, values }) : client.query(text, values);
    };
    return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release() };
  };
  return {
    connect: async () => {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) clients.set(client, (wrapped = wrap(client)));
      return wrapped;
    },
    end: () => pool.end(),
  };
}
