import { updateAudited } from '../audit/audited-write.js';
import { recordAudit } from '../audit/record-audit.js';
import { voidedEnrollment, voidOutstandingEnrollment } from '../enrollment/void-enrollment.js';
import { AppError } from '../errors.js';
import { endAppGrants } from '../oidc/end-grants.js';
import type { Organisation } from '../orgs/organisations.js';
import { hashPassword } from '../passwords/passwords.js';
import { forgetTrustedDevices } from '../passwords/trusted-devices.js';
import { policyFor } from '../policy/policy-for.js';
import { lockLiveSession } from '../sessions/lock-live-session.js';
import { revokeSessionsIn } from '../sessions/sessions.js';
import { checkName } from '../shared/names.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import { getUser, type User } from './users.js';

export async function updateDisplayName(
  deps: Deps,
  { user, displayName, context }: { user: User; displayName: string; context: RequestContext },
): Promise<User> {
  const name = checkName(displayName, { field: 'displayName', max: 100 });
  await updateAudited(deps, {
    orgId: user.org_id,
    type: 'profile.updated',
    userId: user.id,
    actorId: user.id,
    context,
    details: { field: 'displayName' },
    update: {
      table: 'users',
      id: user.id,
      set: { display_name: name, display_name_key: name.toLowerCase(), updated_at: deps.clock() },
    },
  });
  return getUser(deps, { orgId: user.org_id, userId: user.id });
}

export interface SetPasswordInput {
  org: Organisation;
  user: User;
  password: string;
  keepSessionId: string;
  /** The trusted-device tokens of the browser changing it: it stays trusted, every other browser not. */
  deviceTokens: string[];
  context: RequestContext;
}

/**
 * Sets or changes the password; the caller has checked the session was verified recently.
 * Every other session of the member ends, with its apps' grants and tokens, and the member's open device links and
 * outstanding enrollment links and codes: whoever might have had one (or the old password) is out.
 * Refused where the organisation signs this member in with their passkey only: the password would not sign them in.
 */
export async function setPassword(
  deps: Deps,
  { org, user, password, keepSessionId, deviceTokens, context }: SetPasswordInput,
): Promise<User> {
  if (!(await policyFor(deps, { org, user })).passwordSignInAllowed) throw new AppError('PASSWORD_SIGN_IN_DISABLED');
  const names = [user.username, user.email, user.display_name, org.slug, org.name];
  const passwordHash = await hashPassword(password, names);
  await inTransaction(deps, async (tx) => {
    // A recovery or sign-out that ended this session while the password was hashed wins: nothing is set.
    await lockLiveSession(tx, { userId: user.id, sessionId: keepSessionId });
    await tx.db
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: deps.clock() })
      .where('id', '=', user.id)
      .execute();
    await forgetTrustedDevices(tx, { userId: user.id, keepTokens: deviceTokens });
    const { count: revoked } = await revokeSessionsIn(tx, {
      orgId: user.org_id,
      userId: user.id,
      keepSessionId,
      reason: 'revoked_by_user',
      actorId: user.id,
      context,
    });
    const voided = await voidOutstandingEnrollment(tx, { userId: user.id, now: deps.clock() });
    await recordAudit(tx, {
      orgId: user.org_id,
      type: 'password.changed',
      userId: user.id,
      actorId: user.id,
      context,
      details: {
        hadPassword: user.password_hash !== null,
        otherSessionsSignedOut: revoked,
        ...voidedEnrollment(voided),
      },
    });
  });
  await endAppGrants(deps, { org, userId: user.id, keepSessionId });
  return getUser(deps, { orgId: user.org_id, userId: user.id });
}
