import type { Kysely } from 'kysely';

// An organisation's own WebAuthn RP ID (a host name); null: the shared one, PUBLIC_URL's host.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('rp_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('rp_id').execute();
}
