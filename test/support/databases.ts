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
 * Schemas this worker migrated and emptied again, for the next test: migrating one takes about 300 ms and runs
 * under the lock above, emptying one about 60 ms. The run's global teardown drops them (global-setup.ts).
 */
const emptied: string[] = [];
/**
 * What a migrated schema holds (columns and their types, indexes, constraints, triggers, migrations): one changed by
 * its test is dropped, not reused.
 */
let migratedShape: string | null = null;
/** Its tables, but for the migrator's own. */
let tables: string[] = [];

// Every column's name, type, nullability and default, every index's and constraint's definition, and every trigger,
// without the schema's own name.
const SHAPE = `select md5(concat_ws('|',
    (select string_agg(format('%s.%s %s %s %s', table_name, column_name, data_type, is_nullable, column_default),
       ',' order by table_name, column_name) from information_schema.columns where table_schema = $1),
    (select string_agg(replace(indexdef, $1 || '.', ''), ',' order by indexname) from pg_indexes where schemaname = $1),
    (select string_agg(replace(pg_get_constraintdef(k.oid), $1 || '.', ''), ',' order by k.conname) from pg_constraint k
       join pg_namespace n on n.oid = k.connamespace where n.nspname = $1),
    (select string_agg(t.tgname, ',' order by t.tgname) from pg_trigger t join pg_class c on c.oid = t.tgrelid
       join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and not t.tgisinternal))) as shape`;

async function shapeOf(client: pg.Client, schema: string): Promise<string> {
  const { rows } = await client.query<{ shape: string }>(SHAPE, [schema]);
  const migrations = await client.query<{ names: string }>(
    `select string_agg(name, ',' order by name) as names from ${schema}.kysely_migration`,
  );
  return `${rows[0]!.shape}:${migrations.rows[0]!.names}`;
}

/**
 * Empties a schema its test is done with, unless the test changed its shape: then it is dropped. TRUNCATE, not
 * DELETE: the tables start afresh, so rows come back in the order they were inserted, as from a new schema.
 */
async function release(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if ((await shapeOf(client, schema)) === migratedShape) {
      await client.query(`truncate ${tables.map((table) => `${schema}.${table}`).join(', ')}`);
      emptied.push(schema);
      return;
    }
  } finally {
    await client.end();
  }
  await withSchemaLock(url, (lockHolder) => lockHolder.query(`drop schema ${schema} cascade`));
}

/** A new schema, migrated; the first one also tells how a migrated schema looks and in which order to empty it. */
async function migratedSchema(url: string): Promise<string> {
  const schema = `${inject('testSchemaPrefix')}${randomBytes(6).toString('hex')}`;
  const database = openDatabase(url, { pgSchema: schema });
  try {
    await withSchemaLock(url, async (client) => {
      await client.query(`create schema ${schema}`);
      await migrateToLatest(database);
      if (migratedShape === null) {
        migratedShape = await shapeOf(client, schema);
        const { rows } = await client.query<{ name: string }>(
          "select tablename as name from pg_tables where schemaname = $1 and tablename not like 'kysely_migration%'",
          [schema],
        );
        tables = rows.map((row) => row.name);
      }
    });
  } finally {
    await database.destroy();
  }
  return schema;
}

/**
 * A fresh, migrated database: in-memory SQLite (or in `sqliteFile`, for a second connection to it), or a schema of
 * its own in PostgreSQL, empty (emptied again on destroy, for another test of this worker).
 */
export async function freshDatabase(dialect: Dialect, sqliteFile = ':memory:'): Promise<Database> {
  if (dialect === 'sqlite') {
    const database = openDatabase(`sqlite:${sqliteFile}`);
    await migrateToLatest(database);
    return database;
  }
  const url = inject('postgresUrl')!;
  const schema = emptied.pop() ?? (await migratedSchema(url));
  const database = openDatabase(url, { pgSchema: schema });
  return {
    ...database,
    async destroy() {
      await database.destroy();
      await release(url, schema);
    },
  };
}
