import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { recordAudit } from '../audit/record-audit.js';
import { AppError, isAppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { finishAuthentication } from '../passkeys/authentication.js';
import { checkSessionPassword } from '../passwords/session-password.js';
import { policyFor } from '../policy/policy-for.js';
import { markVerified, type Session } from '../sessions/sessions.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import type { User } from '../users/users.js';

export type ReverifyProof =
  { passkey: AuthenticationResponseJSON | undefined; bindingHash: string | undefined } | { password: string };

export interface ReverifyInput {
  org: Organisation;
  user: User;
  session: Session;
  proof: ReverifyProof;
  context: RequestContext;
  /** Approving another device: the policy decides; a member with a usable passkey must use it, others a password. */
  passkeyIfHeld?: boolean;
  /** Record the session as verified now (re-verification); an approval only needs the proof. */
  markSession?: boolean;
}

/**
 * "Confirm it's you" for a signed-in member: their own passkey, or their password where the
 * organisation lets it sign them in. Passwords spend the session's own attempt budget; every
 * failure is audited like a failed sign-in.
 */
export async function reverify(deps: Deps, input: ReverifyInput): Promise<{ passkeyId: string | null }> {
  const { org, user, session, proof, context } = input;
  const policy = await policyFor(deps, { org, user });
  let passkeyId: string | null = null;
  const usePasskey = input.passkeyIfHeld ? policy.passkeysAccepted && policy.passkeyCount > 0 : 'passkey' in proof;
  if (usePasskey) {
    if (!('passkey' in proof) || !proof.passkey || !proof.bindingHash) throw new AppError('CHALLENGE_INVALID');
    // Failures are audited there, as failed sign-ins with the reason.
    passkeyId = (
      await finishAuthentication(deps, {
        org,
        bindingHash: proof.bindingHash,
        ceremony: 'reverification',
        response: proof.passkey,
        context,
        sessionUserId: user.id,
      })
    ).passkey.id;
  } else {
    // Where the organisation signs this member in with passkeys only, a password cannot stand in for one.
    if (!policy.passwordAllowed) throw new AppError('PASSWORD_SIGN_IN_DISABLED');
    try {
      await checkSessionPassword(deps, {
        user,
        sessionId: session.id,
        password: 'password' in proof ? proof.password : '',
      });
    } catch (err) {
      if (isAppError(err, 'PASSWORD_INCORRECT') || isAppError(err, 'RATE_LIMITED')) {
        await recordAudit(deps, {
          orgId: org.id,
          type: 'session.reverify_failed',
          userId: user.id,
          actorId: user.id,
          context,
          details: {
            method: 'password',
            sessionId: session.id,
            reason: isAppError(err, 'RATE_LIMITED') ? 'rate_limited' : 'wrong_password',
          },
        });
      }
      throw err;
    }
  }
  if (input.markSession) await markVerified(deps, { session, method: usePasskey ? 'passkey' : 'password', context });
  return { passkeyId };
}
