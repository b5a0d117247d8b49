import type { Kysely } from 'kysely';

// A member's links are looked up by user: voided at every passkey registration, sign-out everywhere
// and recovery, and polled every 2 s by the admin's user page while one is live.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('enrollment_links_user').on('enrollment_links').columns(['user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('enrollment_links_user').execute();
}
