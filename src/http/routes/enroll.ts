import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { redeemEnrollmentCode } from '../../enrollment/enrollment-codes.js';
import type { Deps } from '../../shared/deps.js';
import { startEnrollmentSession } from '../enrollment-session.js';
import { orgOf, requestContext } from '../request-state.js';
import { EnrollmentStart, Identifier, OrgParams, responses } from '../schemas.js';

export function enrollRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/enroll',
      {
        schema: {
          tags: ['setup'],
          summary: 'Enroll with the 9-character code an admin gave you: signs you in to create your passkey',
          params: OrgParams,
          body: Type.Object(
            {
              username: Identifier,
              code: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9 -]+$' }),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: EnrollmentStart }, [
            'ORG_NOT_FOUND',
            'ENROLLMENT_CODE_INVALID',
            'ACCOUNT_DISABLED',
          ]),
        },
      },
      async (request, reply) => {
        const org = orgOf(request);
        const context = requestContext(request);
        const user = await redeemEnrollmentCode(deps, org, request.body, context);
        return startEnrollmentSession(deps, request, reply, { org, user, method: 'enrollment-code', context });
      },
    );
  };
}
