import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../shared/deps.js';
import { signInWithEnrollmentCode, signInWithSetupLink } from '../../sign-in/setup-sign-in.js';
import { startEnrollmentSession } from '../enrollment-session.js';
import { PostEnroll, PostSetup } from '../../enrollment/schemas.js';
import { OrgParams, routeSchemas } from '../schemas.js';

const doc = routeSchemas(['setup']);

/** A one-time setup link, or the 9-character code an admin gave: each signs the user in to set up. */
export function setupRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/setup', { schema: doc(PostSetup, OrgParams) }, async (request, reply) =>
      startEnrollmentSession(deps, request, reply, (input) =>
        signInWithSetupLink(deps, { ...input, token: request.body.token }),
      ),
    );

    app.post('/enroll', { schema: doc(PostEnroll, OrgParams) }, async (request, reply) =>
      startEnrollmentSession(deps, request, reply, (input) =>
        signInWithEnrollmentCode(deps, { ...input, ...request.body }),
      ),
    );
  };
}
