import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignInMethod } from '../db/types.js';
import type { Organisation } from '../orgs/organisations.js';
import { policyFor } from '../policy/policy-for.js';
import { startSession } from '../sessions/sessions.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { fromFlag } from '../shared/flags.js';
import type { User } from '../users/users.js';
import { readSessionToken, setSessionCookie } from './cookies.js';
import { userView } from './views.js';

/**
 * After a setup link or an enrollment code: signs the user in so they can create a passkey (and choose
 * a password where allowed), and says which steps their organisation's policy asks for.
 */
export async function startEnrollmentSession(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  input: { org: Organisation; user: User; method: SignInMethod; context: RequestContext },
) {
  const { org, user, context } = input;
  const policy = await policyFor(deps, org, user);
  const { token } = await startSession(deps, {
    user, method: input.method, context, previousToken: readSessionToken(deps, request, org.slug), passkeySetupRequired: policy.prompt === 'mandatory',
  });
  setSessionCookie(deps, reply, org.slug, token);
  return {
    user: await userView(deps, user),
    passkeysOffered: policy.passkeysOffered,
    passkeyRequired: policy.prompt === 'mandatory',
    // A password is part of setup only where the organisation lets passkey holders use one, or offers no passkey.
    passwordAllowed: fromFlag(org.password_fallback) || !policy.passkeysOffered,
  };
}
