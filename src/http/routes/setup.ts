import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { redeemEnrollmentCode } from '../../enrollment/enrollment-codes.js';
import { redeemSetupLink } from '../../enrollment/setup-links.js';
import type { Deps } from '../../shared/deps.js';
import { startEnrollmentSession } from '../enrollment-session.js';
import { PostEnroll, PostSetup } from '../../enrollment/schemas.js';
import { OrgParams, routeSchemas } from '../schemas.js';

const doc = routeSchemas(['setup']);

/** A one-time setup link, or the 9-character code an admin gave: each signs the user in to set up. */
export function setupRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/setup', { schema: doc(PostSetup, OrgParams) }, async (request, reply) =>
      startEnrollmentSession(deps, request, reply, 'setup-link', (org, context) =>
        redeemSetupLink(deps, { org, token: request.body.token, context }),
      ),
    );

    app.post('/enroll', { schema: doc(PostEnroll, OrgParams) }, async (request, reply) =>
      startEnrollmentSession(deps, request, reply, 'enrollment-code', (org, context) =>
        redeemEnrollmentCode(deps, { ...request.body, org, context }),
      ),
    );
  };
}
