import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database, type Dialect } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** The dialects this run tests: SQLite always, PostgreSQL when it is reachable (always in CI). */
export const DIALECTS: Dialect[] = inject('postgresUrl') ? ['sqlite', 'postgres'] : ['sqlite'];

// Kysely's migrator looks at the tables of every schema; a schema dropped by a parallel test file
// in the middle of that look makes it fail. One advisory lock serialises migrating and dropping.
const SCHEMA_LOCK = 7_342_001;

export async function withSchemaLock<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    return await work(client);
  } finally {
    await client.end(); // ending the connection releases the lock
  }
}

/**
 * A fresh, migrated database: in-memory SQLite (or in `sqliteFile`, for a second connection to it), or a schema of
 * its own in PostgreSQL (dropped on destroy).
 */
export async function freshDatabase(dialect: Dialect, sqliteFile = ':memory:'): Promise<Database> {
  if (dialect === 'sqlite') {
    const database = openDatabase(`sqlite:${sqliteFile}`);
    await migrateToLatest(database);
    return database;
  }
  const url = inject('postgresUrl')!;
  const schema = `lk_test_${randomBytes(6).toString('hex')}`;
  const database = openDatabase(url, { pgSchema: schema });
  await withSchemaLock(url, async (client) => {
    await client.query(`create schema ${schema}`);
    await migrateToLatest(database);
  });
  return {
    ...database,
    async destroy() {
      await database.destroy();
      await withSchemaLock(url, (client) => client.query(`drop schema ${schema} cascade`));
    },
  };
}
