import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import type { CompletedSignIn } from '../sign-in/complete-sign-in.js';
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
  signIn: (input: { org: Organisation; context: RequestContext; previousToken?: string }) => Promise<CompletedSignIn>,
) {
  const org = orgOf(request);
  const completed = await signIn({
    org,
    context: requestContext(request),
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
