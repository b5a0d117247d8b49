import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// The models whose id is the token or code an app presents (src/oidc/adapter.ts keeps them hashed from now on).
const TOKENS = ['AccessToken', 'RefreshToken', 'AuthorizationCode'];

/**
 * Apps' tokens and codes were kept as they are (oidc-provider's opaque tokens are their id, and the payload
 * repeated it as `jti`): a copy of the database could act as a member towards apps. Each is now kept as its
 * SHA-256 (hex), without the `jti`; those issued before keep working.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`update oidc_models
      set id = encode(sha256(convert_to(id, 'UTF8')), 'hex'), payload = (payload::jsonb - 'jti')::text
      where model in (${sql.join(TOKENS)})`.execute(db);
    return;
  }
  // SQLite has no SHA-256 of its own; one transaction (Kysely runs SQLite's migrations without one).
  await db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('oidc_models')
      .select(['model', 'id', 'payload'])
      .where('model', 'in', TOKENS)
      .execute();
    for (const row of rows as Array<{ model: string; id: string; payload: string }>) {
      const { jti: _token, ...payload } = JSON.parse(row.payload) as Record<string, unknown>;
      await tx
        .updateTable('oidc_models')
        .set({ id: createHash('sha256').update(row.id).digest('hex'), payload: JSON.stringify(payload) })
        .where('model', '=', row.model)
        .where('id', '=', row.id)
        .execute();
    }
  });
}

/** A hashed token cannot be turned back: going back ends them (apps sign their members in again). */
export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('oidc_models').where('model', 'in', TOKENS).execute();
}
