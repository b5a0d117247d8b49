import type { Deps } from '../shared/deps.js';

const KEY = 'public_url';

/**
 * Remembers the PUBLIC_URL this server started with, so that the CLI, run on the same database without
 * the server's environment, prints links members can open instead of http://localhost:3000.
 */
export async function recordPublicUrl(deps: Deps): Promise<void> {
  const value = deps.config.publicUrl.href;
  const now = deps.clock();
  await deps.db
    .insertInto('server_state')
    .values({ key: KEY, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}

/** The PUBLIC_URL the server last started with, or null if no server has started on this database. */
export async function lastPublicUrl(deps: Deps): Promise<string | null> {
  const row = await deps.db.selectFrom('server_state').select('value').where('key', '=', KEY).executeTakeFirst();
  return row?.value ?? null;
}
