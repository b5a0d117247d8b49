import type { Kysely } from 'kysely';

// An organisation's own WebAuthn RP ID (a host name); null: the shared one, PUBLIC_URL's host.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('rp_id', 'text').execute();
  // The RP ID a passkey was registered under (null: the shared one), so a change knows which stop working.
  await db.schema.alterTable('passkeys').addColumn('rp_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('passkeys').dropColumn('rp_id').execute();
  await db.schema.alterTable('organisations').dropColumn('rp_id').execute();
}
