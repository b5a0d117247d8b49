import type { Kysely } from 'kysely';

// The session a passkey was created in: deleting the passkey ends it, although another passkey of that session may be
// its "This device" (sessions.passkey_id holds one). Null for passkeys from before this column: their sessions are
// found by sessions.passkey_id alone. No foreign key, as for sessions.passkey_id: ids are never reused.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('passkeys').addColumn('created_session_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('passkeys').dropColumn('created_session_id').execute();
}
