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
export async function listedSessions(deps: Deps, { userId }: { userId: string }): Promise<UnendedSession[]> {
  const now = deps.clock();
  const rows = await deps.db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where((eb) =>
      eb.or([eb('last_seen_at', '>', now - deps.config.sessionIdleMinutes * 60 * 1000), hasAppGrant(eb, { now })]),
    )
    .orderBy('last_seen_at', 'desc')
    .limit(MAX_LISTED)
    .execute();
  return rows.map((session) => ({ ...session, idle: !isLive(deps, { session, now }) }));
}

/** A listed session as the member's and the admin's pages show it: how and where it signed in, when last used. */
export const sessionView = (session: UnendedSession) => ({
  id: session.id,
  method: session.method,
  userAgentLabel: userAgentLabel(session.user_agent),
  ip: session.ip,
  createdAt: session.created_at,
  lastSeenAt: session.last_seen_at,
  idle: session.idle,
});
