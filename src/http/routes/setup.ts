import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { redeemSetupLink } from '../../enrollment/setup-links.js';
import type { Deps } from '../../shared/deps.js';
import { startEnrollmentSession } from '../enrollment-session.js';
import { orgOf, requestContext } from '../request-state.js';
import { PostSetup } from '../../enrollment/schemas.js';
import { OrgParams, replies } from '../schemas.js';

export function setupRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/setup',
      {
        schema: {
          tags: ['setup'],
          summary: 'Use a one-time setup link: signs the user in so they can choose a password and create a passkey',
          params: OrgParams,
          body: PostSetup.body,
          response: replies(PostSetup),
        },
      },
      async (request, reply) => {
        const org = orgOf(request);
        const context = requestContext(request);
        const user = await redeemSetupLink(deps, { org, token: request.body.token, context });
        return startEnrollmentSession(deps, request, reply, { org, user, method: 'setup-link', context });
      },
    );
  };
}
