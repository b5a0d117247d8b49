import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { takeBackAppAccess } from '../../oidc/end-grants.js';
import { listAppAccess } from '../../oidc/grants.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import { OrgAndClientIdParams, OrgParams, routeSchemas } from '../schemas.js';
import { DeleteMeAppsClientId, GetMeApps } from '../../oidc/schemas.js';

const doc = routeSchemas(['apps (OpenID Connect)']);

/** Settings > Apps: the apps a member let in, and taking that back. */
export function meAppRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/me/apps', { schema: doc(GetMeApps, OrgParams) }, async (request) => ({
      apps: await listAppAccess(deps, { orgId: orgOf(request).id, userId: authOf(request).user.id }),
    }));

    app.delete('/me/apps/:clientId', { schema: doc(DeleteMeAppsClientId, OrgAndClientIdParams) }, async (request) => {
      await takeBackAppAccess(deps, {
        org: orgOf(request),
        userId: authOf(request).user.id,
        clientId: request.params.clientId,
        context: requestContext(request),
      });
      return { ok: true as const };
    });
  };
}
