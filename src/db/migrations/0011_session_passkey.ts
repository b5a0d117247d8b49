import type { Kysely } from 'kysely';

// Which passkey signed a session in (or was created in it), so the member's list can mark "This device".
// No foreign key: deleting the passkey clears it in the same transaction, and ids are never reused.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('passkey_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('passkey_id').execute();
}
