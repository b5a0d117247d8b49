import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { redeemEnrollmentCode } from '../../enrollment/enrollment-codes.js';
import { policyFor } from '../../policy/policy-for.js';
import { startSession } from '../../sessions/sessions.js';
import type { Deps } from '../../shared/deps.js';
import { fromFlag } from '../../shared/flags.js';
import { readSessionToken, setSessionCookie } from '../cookies.js';
import { orgOf, requestContext } from '../request-state.js';
import { Identifier, OrgParams, responses, UserBody } from '../schemas.js';
import { userView } from '../views.js';

export function enrollRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/enroll', {
      schema: {
        tags: ['setup'],
        summary: 'Enroll with the 9-character code an admin gave you: signs you in to create your passkey',
        params: OrgParams,
        body: Type.Object({
          username: Identifier,
          code: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9 -]+$' }),
        }, { additionalProperties: false }),
        response: responses({
          200: Type.Object({ user: UserBody, passkeysOffered: Type.Boolean(), passkeyRequired: Type.Boolean(), passwordAllowed: Type.Boolean() }),
        }, ['ORG_NOT_FOUND', 'ENROLLMENT_CODE_INVALID']),
      },
    }, async (request, reply) => {
      const org = orgOf(request);
      const context = requestContext(request);
      const user = await redeemEnrollmentCode(deps, org, request.body, context);
      const policy = await policyFor(deps, org, user);
      const { token } = await startSession(deps, {
        user, method: 'enrollment-code', context, previousToken: readSessionToken(deps, request, org.slug), passkeySetupRequired: policy.prompt === 'mandatory',
      });
      setSessionCookie(deps, reply, org.slug, token);
      return {
        user: await userView(deps, user),
        passkeysOffered: policy.passkeysOffered,
        passkeyRequired: policy.prompt === 'mandatory',
        passwordAllowed: fromFlag(org.password_fallback) || !policy.passkeysOffered,
      };
    });
  };
}
