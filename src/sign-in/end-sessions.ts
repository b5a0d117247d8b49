import { endAppGrants } from '../oidc/end-grants.js';
import type { Organisation } from '../orgs/organisations.js';
import { revokeSessions } from '../sessions/revoke-sessions.js';
import type { RevokeInput } from '../sessions/sessions.js';
import type { Deps } from '../shared/deps.js';

/**
 * Ends sessions and what was issued under them: device links and the sessions that collected one they approved
 * (in the revocation itself), and apps' grants and tokens, with a back-channel logout to the apps that asked for
 * one. Returns how many were asked for (not counting those approved by them).
 */
export async function endSessions(
  deps: Deps,
  { org, ...input }: Omit<RevokeInput, 'orgId'> & { org: Organisation },
): Promise<number> {
  const { count, approvedSessionIds } = await revokeSessions(deps, { ...input, orgId: org.id });
  await endAppGrants(deps, {
    org,
    userId: input.userId,
    sessionId: input.sessionId,
    keepSessionId: input.keepSessionId,
  });
  for (const sessionId of approvedSessionIds) await endAppGrants(deps, { org, userId: input.userId, sessionId });
  return count;
}
