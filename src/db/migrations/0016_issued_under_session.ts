import type { Kysely } from 'kysely';

/**
 * The session an admin was signed in with when shown an enrollment code or a setup link: whoever holds that session
 * may hold what it was shown, so ending the session voids them (enrollment/void-enrollment.ts, `voidShownTo`).
 * Null for what was only emailed, and for the CLI and first start. No foreign key: sessions are pruned.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['enrollment_codes', 'enrollment_links']) {
    await db.schema.alterTable(table).addColumn('issued_session_id', 'text').execute();
    await db.schema.createIndex(`${table}_issued_session`).on(table).column('issued_session_id').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['enrollment_codes', 'enrollment_links']) {
    await db.schema.dropIndex(`${table}_issued_session`).execute();
    await db.schema.alterTable(table).dropColumn('issued_session_id').execute();
  }
}
