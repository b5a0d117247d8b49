import type { Pool, PoolClient } from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { statementName } from './named-statements.js';
import { QueuedWrites } from './queued-writes.js';

/**
 * The pool Kysely uses. Its clients pipeline (the pool is opened with `pipeline: true`): queued writes go out
 * without waiting for their answers (queued-writes.ts). Marked statements run by name unless `named` is false
 * (PG_PREPARED_STATEMENTS=off, for a pooler that cannot keep them).
 */
export function latchkeyPool(pool: Pool, { named }: { named: boolean }): PostgresPool {
  const clients = new WeakMap<PoolClient, PostgresPoolClient>();
  const wrap = (client: PoolClient): PostgresPoolClient => {
    const send = (text: string, values?: unknown[]) => {
      const name = named ? statementName(text) : undefined;
      return name ? client.query({ name, text, values }) : client.query(text, values);
    };
    const writes = new QueuedWrites(send, client.connection.stream);
    // Kysely's query(sql, parameters); its other form, a cursor, is never used: Latchkey streams no query.
    const query = (text: string, values: unknown[] = []) => writes.query(text, values);
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
