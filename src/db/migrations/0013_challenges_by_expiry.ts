import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * A used challenge's mark is found by its expiry and the challenge (both sealed in it), instead of by the
 * challenge alone. The challenge is random, so each sign-in's mark went to a page of its own in that index,
 * and each sweep of expired marks took them back out of pages all over it; by expiry, a second's marks sit side
 * by side at the index's end (fewer pages written per commit), and a sweep takes its start. The expiry's own
 * index is the new one's first column: one index instead of two.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // The challenge's own unique constraint stays on PostgreSQL for now: the previous release's instances, still
    // running through a rolling upgrade, mark challenges `on conflict (challenge)`. A later release drops it.
    await db.schema.dropIndex('challenges_expires').execute();
    await createIndex(db);
    return;
  }
  // SQLite cannot drop a column's unique constraint: the table is made again, its marks copied (a challenge used
  // before the upgrade stays used). In one transaction (Kysely runs SQLite's migrations without one): a process
  // stopped halfway leaves the table as it was.
  await db.transaction().execute(async (tx) => {
    await createChallenges(tx, 'challenges_next', { uniqueChallenge: false });
    await copyChallenges(tx, 'challenges_next');
    await tx.schema.dropTable('challenges').execute();
    await tx.schema.alterTable('challenges_next').renameTo('challenges').execute();
    await createIndex(tx);
  });
}

const createIndex = (db: Kysely<any>) =>
  db.schema
    .createIndex('challenges_expiry_challenge')
    .on('challenges')
    .columns(['expires_at', 'challenge'])
    .unique()
    .execute();

export async function down(db: Kysely<any>): Promise<void> {
  const restore = async (db: Kysely<any>) => {
    await db.schema.dropIndex('challenges_expiry_challenge').execute();
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
      await createChallenges(db, 'challenges_before', { uniqueChallenge: true });
      await copyChallenges(db, 'challenges_before');
      await db.schema.dropTable('challenges').execute();
      await db.schema.alterTable('challenges_before').renameTo('challenges').execute();
    }
    await db.schema.createIndex('challenges_expires').on('challenges').column('expires_at').execute();
  };
  await (db.isTransaction ? restore(db) : db.transaction().execute(restore));
}

/** Every mark, into the table made to replace `challenges`. */
async function copyChallenges(db: Kysely<any>, into: string): Promise<void> {
  const columns = sql.raw('id, org_id, binding_hash, ceremony, challenge, user_id, expires_at, created_at');
  await sql`insert into ${sql.table(into)} (${columns}) select ${columns} from challenges`.execute(db);
}

/** The challenges table as 0001_foundation made it, with or without the unique challenge (SQLite only). */
function createChallenges(db: Kysely<any>, name: string, { uniqueChallenge }: { uniqueChallenge: boolean }) {
  return db.schema
    .createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('binding_hash', 'text', (c) => c.notNull())
    .addColumn('ceremony', 'text', (c) => c.notNull())
    .addColumn('challenge', 'text', (c) => (uniqueChallenge ? c.notNull().unique() : c.notNull()))
    .addColumn('user_id', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
