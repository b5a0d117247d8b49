import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { redeemSetupLink } from '../../enrollment/setup-links.js';
import { policyFor } from '../../policy/policy-for.js';
import { startSession } from '../../sessions/sessions.js';
import type { Deps } from '../../shared/deps.js';
import { fromFlag } from '../../shared/flags.js';
import { readSessionToken, setSessionCookie } from '../cookies.js';
import { orgOf, requestContext } from '../request-state.js';
import { OrgParams, responses, UserBody } from '../schemas.js';
import { userView } from '../views.js';

export function setupRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/setup', {
      schema: {
        tags: ['setup'],
        summary: 'Use a one-time setup link: signs the user in so they can choose a password and create a passkey',
        params: OrgParams,
        body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) }),
        response: responses({
          200: Type.Object({ user: UserBody, passkeysOffered: Type.Boolean(), passkeyRequired: Type.Boolean(), passwordAllowed: Type.Boolean() }),
        }, ['ORG_NOT_FOUND', 'SETUP_LINK_INVALID']),
      },
    }, async (request, reply) => {
      const org = orgOf(request);
      const context = requestContext(request);
      const user = await redeemSetupLink(deps, org, request.body.token, context);
      const policy = await policyFor(deps, org, user);
      const { token } = await startSession(deps, {
        user, method: 'setup-link', context, previousToken: readSessionToken(deps, request, org.slug), passkeySetupRequired: policy.prompt === 'mandatory',
      });
      setSessionCookie(deps, reply, org.slug, token);
      return {
        user: await userView(deps, user),
        passkeysOffered: policy.passkeysOffered,
        passkeyRequired: policy.prompt === 'mandatory',
        // A password is part of setup only where the organisation lets passkey holders use one, or offers no passkey.
        passwordAllowed: fromFlag(org.password_fallback) || !policy.passkeysOffered,
      };
    });
  };
}
