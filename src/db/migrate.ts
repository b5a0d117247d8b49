import { Migrator, sql } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

// Two-key advisory locks live apart from one-key ones (Kysely's own, the tests' schema lock):
// this class, and the schema as the second key, so tests' schemas do not wait on each other.
const MIGRATION_LOCK_CLASS = 7_342_100;

/** The database was migrated by a newer release: this code must not run against it. */
export class DatabaseNewerThanCodeError extends Error {
  readonly code = 'DATABASE_NEWER_THAN_CODE';
  constructor(
    readonly databaseVersion: string,
    readonly codeVersion: string,
  ) {
    super(
      `the database is at migration ${databaseVersion}, newer than this release's latest migration ${codeVersion}: ` +
        'it was upgraded by a newer release of Latchkey. ' +
        'Run that release (or newer), or restore a backup taken before the upgrade.',
    );
    this.name = 'DatabaseNewerThanCodeError';
  }
}

/** The latest migration this code knows. */
export const CODE_VERSION = Object.keys(migrations).sort().at(-1)!;

/**
 * Applies the pending migrations; returns their names. On PostgreSQL an advisory lock makes
 * instances starting together on an empty database migrate it once: the others wait, then find nothing to do.
 * (Kysely's migrator locks too, but only after creating its own tables; ours covers the whole run, the version
 * check included.)
 */
export async function migrateToLatest(database: Database): Promise<string[]> {
  if (database.dialect === 'sqlite') return migrateLocked(database);
  // One connection of the pool holds the lock (session-level: it ends if this process dies).
  return database.db.connection().execute(async (connection) => {
    const schema = sql`coalesce(${database.schema ?? null}, current_schema(), 'public')`;
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_CLASS}, hashtext(${schema}))`.execute(connection);
    try {
      return await migrateLocked(database);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_CLASS}, hashtext(${schema}))`.execute(connection);
    }
  });
}

async function migrateLocked(database: Database): Promise<string[]> {
  await refuseNewerDatabase(database);
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('Migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Throws DatabaseNewerThanCodeError when the database records a migration this code does not have. */
export async function refuseNewerDatabase(database: Database): Promise<void> {
  const applied = await appliedMigrations(database);
  const unknown = applied.filter((name) => !(name in migrations)).sort();
  if (unknown.length > 0) throw new DatabaseNewerThanCodeError(unknown.at(-1)!, CODE_VERSION);
}

/** Names recorded in Kysely's migration table; none when it does not exist yet. */
async function appliedMigrations(database: Database): Promise<string[]> {
  const table = database.schema ? `"${database.schema}".kysely_migration` : 'kysely_migration';
  const exists =
    database.dialect === 'sqlite'
      ? (
          await sql<{
            n: number;
          }>`select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(
            database.db,
          )
        ).rows[0]!.n > 0
      : (await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(database.db)).rows[0]!.t !==
        null;
  if (!exists) return [];
  const rows = await sql<{ name: string }>`select name from ${sql.raw(table)}`.execute(database.db);
  return rows.rows.map((r) => r.name);
}
