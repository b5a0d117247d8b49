import type { Kysely } from 'kysely';

/**
 * Device links by what approved them: the session, and now the passkey it approved with. Ending a session or
 * deleting a passkey ends the sessions that collected a link they approved (sessions/end-issued.ts), found
 * through these indexes instead of a reading of every link.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('device_links').addColumn('approved_with_passkey_id', 'text').execute();
  await db.schema.createIndex('device_links_approver').on('device_links').column('approved_by_session_id').execute();
  await db.schema
    .createIndex('device_links_approving_passkey')
    .on('device_links')
    .column('approved_with_passkey_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('device_links_approving_passkey').execute();
  await db.schema.dropIndex('device_links_approver').execute();
  await db.schema.alterTable('device_links').dropColumn('approved_with_passkey_id').execute();
}
