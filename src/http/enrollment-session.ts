import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignInMethod } from '../db/types.js';
import type { Organisation } from '../orgs/organisations.js';
import type { RequestContext } from '../shared/deps.js';
import type { Deps } from '../shared/deps.js';
import { completeSignIn } from '../sign-in/complete-sign-in.js';
import type { User } from '../users/users.js';
import { readSessionToken, setSessionCookie } from './cookies.js';
import { orgOf, requestContext } from './request-state.js';
import { userView } from './views.js';

/**
 * A setup link or an enrollment code: redeemed, it signs the user in so they can create a passkey (and
 * choose a password where allowed); the answer says which steps their organisation's policy asks for.
 */
export async function startEnrollmentSession(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  method: SignInMethod,
  redeem: (org: Organisation, context: RequestContext) => Promise<User>,
) {
  const org = orgOf(request);
  const context = requestContext(request);
  const user = await redeem(org, context);
  const completed = await completeSignIn(deps, {
    org,
    user,
    method,
    context,
    previousToken: readSessionToken(deps, request, org.slug),
  });
  setSessionCookie(deps, reply, org.slug, completed.token);
  return {
    user: await userView(deps, completed.user, completed.passkeyCount),
    passkeysOffered: completed.passkeysOffered,
    passkeyRequired: completed.passkeyRequired,
    passwordAllowed: completed.passwordAllowed,
  };
}
