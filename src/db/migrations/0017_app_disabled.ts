import type { Kysely } from 'kysely';

/**
 * When an admin disabled an app (null: enabled). A disabled app keeps its settings and client id, and signs no one
 * in until it is enabled again (oidc/app-status.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oidc_clients').addColumn('disabled_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oidc_clients').dropColumn('disabled_at').execute();
}
