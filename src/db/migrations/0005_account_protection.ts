import type { Kysely } from 'kysely';

// Account protection: lock-outs that strangers cannot cause (device cookies, back-off) and hiding who has an account.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('hide_account_existence', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Exponential back-off per key, when counters live in the database (Redis keeps the same fields in a hash).
  await db.schema
    .createTable('attempt_backoffs')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('lock_ms', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    // Whether the last attempt was counted (1) or refused while locked (0): read back by the same statement.
    .addColumn('allowed', 'integer', (c) => c.notNull())
    .execute();

  // OWASP "device cookies": a browser that signed in as a user keeps its own password attempt budget.
  await db.schema
    .createTable('trusted_devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // SHA-256 of the cookie's random token; the token itself is only in the browser.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('trusted_devices_user')
    .on('trusted_devices')
    .columns(['user_id', 'expires_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('trusted_devices').execute();
  await db.schema.dropTable('attempt_backoffs').execute();
  await db.schema.alterTable('organisations').dropColumn('hide_account_existence').execute();
}
