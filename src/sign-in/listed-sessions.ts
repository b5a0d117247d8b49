import { sessionsWithGrants } from '../oidc/grants.js';
import { listUnendedSessions, type UnendedSession } from '../sessions/unended-sessions.js';
import type { Deps } from '../shared/deps.js';

/**
 * The sessions a member (and their admin) sees and can sign out: those signed in, and those idle in their browser
 * with apps still signed in under them, which nothing but signing them out ends before their maximum age.
 */
export async function listedSessions(deps: Deps, { userId }: { userId: string }): Promise<UnendedSession[]> {
  const sessions = await listUnendedSessions(deps, { userId });
  const idle = sessions.filter((s) => s.idle).map((s) => s.id);
  const withApps = await sessionsWithGrants(deps, { sessionIds: idle });
  return sessions.filter((s) => !s.idle || withApps.has(s.id));
}
