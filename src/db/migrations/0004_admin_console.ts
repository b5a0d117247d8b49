import { PostgresAdapter, sql, type Kysely } from 'kysely';

// The admin console: enrollment by code and by email (through the outbox), templates, user search.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('enrollment_code_seconds', 'integer', (c) => c.notNull().defaultTo(60))
    .execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('enrollment_link_days', 'integer', (c) => c.notNull().defaultTo(7))
    .execute();
  await db.schema.alterTable('organisations').addColumn('default_template_id', 'text').execute();

  // Users search by the start of username, email or display name; the display name is kept lowercased for it.
  await db.schema
    .alterTable('users')
    .addColumn('display_name_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // Lowercased here, not in SQL: SQLite's lower() knows only ASCII.
  for (let after = '', more = true; more;) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    for (const row of rows)
      await db
        .updateTable('users')
        .set({ display_name_key: String(row.display_name).toLowerCase() })
        .where('id', '=', row.id)
        .execute();
    more = rows.length === 500;
    after = rows.at(-1)?.id ?? after;
  }
  await db.schema.createIndex('users_org_display_name').on('users').columns(['org_id', 'display_name_key']).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // The search compares in byte order (collate "C") whatever the database's collation: index it so.
    for (const column of ['username', 'email', 'display_name_key']) {
      const index = sql.id(`users_org_${column}_c`);
      await sql`create index ${index} on users (org_id, ${sql.id(column)} collate "C")`.execute(db);
    }
  }
  // "Enrolled" counts: distinct users with a passkey, per organisation, from the index alone.
  await db.schema
    .createIndex('passkeys_org_user')
    .on('passkeys')
    .columns(['org_id', 'user_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('audit_org_type_time')
    .on('audit_events')
    .columns(['org_id', 'type', 'created_at'])
    .execute();

  await db.schema
    .createTable('enrollment_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('voided_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('enrollment_codes_user')
    .on('enrollment_codes')
    .columns(['user_id', 'expires_at'])
    .execute();

  await db.schema
    .createTable('email_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('email_templates_org_name', ['org_id', 'name'])
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // Holds the one-time link until delivered; emptied once sent or given up.
    .addColumn('text_body', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('locked_until', 'bigint')
    .addColumn('claim_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_org_user').on('outbox').columns(['org_id', 'user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['outbox', 'email_templates', 'enrollment_codes']) await db.schema.dropTable(table).execute();
  for (const index of ['audit_org_type_time', 'passkeys_org_user', 'users_org_display_name'])
    await db.schema.dropIndex(index).execute();
  for (const column of ['username', 'email', 'display_name_key'])
    await db.schema.dropIndex(`users_org_${column}_c`).ifExists().execute();
  await db.schema.alterTable('users').dropColumn('display_name_key').execute();
  for (const column of ['default_template_id', 'enrollment_link_days', 'enrollment_code_seconds'])
    await db.schema.alterTable('organisations').dropColumn(column).execute();
}
