import { hasAppGrant } from '../oidc/grants.js';
import { userAgentLabel } from '../passkeys/names.js';
import { isLive } from '../sessions/sessions.js';
import type { UnendedSession } from '../sessions/unended-sessions.js';
import type { Deps } from '../shared/deps.js';

/** The most a page lists: "Sign out all other sessions" and "Sign out everywhere" reach the rest. */
const MAX_LISTED = 200;

/**
 * The sessions a member (and their admin) sees and can sign out, the most recently used first: those signed in,
 * and those idle in their browser with apps still signed in under them, which nothing but signing them out ends
 * before their maximum age. One query, however many sessions the member has.
 */
export async function listedSessions(deps: Deps, { userId }: { userId: string }): Promise<ListedSession[]> {
  const now = deps.clock();
  const rows = await deps.db
    .selectFrom('sessions')
    // The passkey it signed in with, by name: two sessions of one browser and system are told apart by it.
    .leftJoin('passkeys', 'passkeys.id', 'sessions.passkey_id')
    .selectAll('sessions')
    .select('passkeys.name as passkey_name')
    .where('sessions.user_id', '=', userId)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where((eb) =>
      eb.or([
        eb('sessions.last_seen_at', '>', now - deps.config.sessionIdleMinutes * 60 * 1000),
        hasAppGrant(eb, { now }),
      ]),
    )
    .orderBy('sessions.last_seen_at', 'desc')
    .limit(MAX_LISTED)
    .execute();
  return rows.map((session) => ({ ...session, idle: !isLive(deps, { session, now }) }));
}

/** A listed session, with the name of the passkey it signed in with (null: none, or deleted since). */
export type ListedSession = UnendedSession & { passkey_name: string | null };

/** A listed session as the member's and the admin's pages show it: how and where it signed in, when last used. */
export const sessionView = (session: ListedSession) => ({
  id: session.id,
  method: session.method,
  // Only where the passkey signed it in: one created in a session signed in otherwise did not.
  passkeyName: session.method === 'passkey' ? session.passkey_name : null,
  userAgentLabel: userAgentLabel(session.user_agent),
  ip: session.ip,
  createdAt: session.created_at,
  lastSeenAt: session.last_seen_at,
  idle: session.idle,
});
