import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { redeemEnrollmentCode } from '../../enrollment/enrollment-codes.js';
import type { Deps } from '../../shared/deps.js';
import { startEnrollmentSession } from '../enrollment-session.js';
import { orgOf, requestContext } from '../request-state.js';
import { PostEnroll } from '../../enrollment/schemas.js';
import { OrgParams, replies } from '../schemas.js';

export function enrollRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/enroll',
      {
        schema: {
          tags: ['setup'],
          summary: 'Enroll with the 9-character code an admin gave you: signs you in to create your passkey',
          params: OrgParams,
          body: PostEnroll.body,
          response: replies(PostEnroll),
        },
      },
      async (request, reply) => {
        const org = orgOf(request);
        const context = requestContext(request);
        const user = await redeemEnrollmentCode(deps, { ...request.body, org, context });
        return startEnrollmentSession(deps, request, reply, { org, user, method: 'enrollment-code', context });
      },
    );
  };
}
