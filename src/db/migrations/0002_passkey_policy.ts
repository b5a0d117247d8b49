import type { Kysely } from 'kysely';

// A session started while Force Passkey Setup applied to its user must create a passkey before anything else.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('passkey_setup_required', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('users_org_pilot').on('users').columns(['org_id', 'pilot']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_org_pilot').execute();
  await db.schema.alterTable('sessions').dropColumn('passkey_setup_required').execute();
}
