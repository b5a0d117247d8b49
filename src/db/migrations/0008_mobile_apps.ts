import type { Kysely } from 'kysely';

// An organisation's mobile apps (Android packages with signing-certificate fingerprints, Apple app
// ids) as JSON; null: none. Read with the organisation on every request, so no join or extra query.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('mobile_apps', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('mobile_apps').execute();
}
