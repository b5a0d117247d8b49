import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { redeemSetupLink } from '../../enrollment/setup-links.js';
import type { Deps } from '../../shared/deps.js';
import { startEnrollmentSession } from '../enrollment-session.js';
import { orgOf, requestContext } from '../request-state.js';
import { PostSetup } from '../../enrollment/schemas.js';
import { OrgParams, routeSchemas } from '../schemas.js';

const doc = routeSchemas(['setup']);

export function setupRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/setup', { schema: doc(PostSetup, OrgParams) }, async (request, reply) => {
      const org = orgOf(request);
      const context = requestContext(request);
      const user = await redeemSetupLink(deps, { org, token: request.body.token, context });
      return startEnrollmentSession(deps, request, reply, { org, user, method: 'setup-link', context });
    });
  };
}
