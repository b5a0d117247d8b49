import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignInMethod } from '../db/types.js';
import type { Organisation } from '../orgs/organisations.js';
import type { RequestContext } from '../shared/deps.js';
import type { Deps } from '../shared/deps.js';
import { completeSignIn } from '../sign-in/complete-sign-in.js';
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
  const completed = await completeSignIn(deps, {
    ...input,
    previousToken: readSessionToken(deps, request, input.org.slug),
  });
  setSessionCookie(deps, reply, input.org.slug, completed.token);
  return {
    user: await userView(deps, completed.user, completed.passkeyCount),
    passkeysOffered: completed.passkeysOffered,
    passkeyRequired: completed.passkeyRequired,
    passwordAllowed: completed.passwordAllowed,
  };
}
