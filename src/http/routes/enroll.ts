import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { redeemEnrollmentCode } from '../../enrollment/enrollment-codes.js';
import type { Deps } from '../../shared/deps.js';
import { startEnrollmentSession } from '../enrollment-session.js';
import { orgOf, requestContext } from '../request-state.js';
import { PostEnroll } from '../../enrollment/schemas.js';
import { OrgParams, routeSchemas } from '../schemas.js';

const doc = routeSchemas(['setup']);

export function enrollRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/enroll', { schema: doc(PostEnroll, OrgParams) }, async (request, reply) => {
      const org = orgOf(request);
      const context = requestContext(request);
      const user = await redeemEnrollmentCode(deps, { ...request.body, org, context });
      return startEnrollmentSession(deps, request, reply, { org, user, method: 'enrollment-code', context });
    });
  };
}
