import { sha256 } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';
import type { Session } from './sessions.js';

/** A session not ended: signed in, or idle in its browser (`idle`), which ends nothing issued under it. */
export type UnendedSession = Session & { idle: boolean };

/**
 * The session this browser holds in this organisation, signed in or idle: what its sign-out or its next sign-in
 * ends, with the apps signed in under it (an idle session keeps them). None once revoked or past its maximum age.
 */
export async function browserSession(
  deps: Deps,
  { orgId, token }: { orgId: string; token: string | undefined },
): Promise<Session | undefined> {
  if (!token || token.length > 100) return undefined;
  return deps.db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .where('org_id', '=', orgId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', deps.clock())
    .executeTakeFirst();
}
