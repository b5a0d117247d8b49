import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recentSecurityEvents, rolloutOverview } from '../../admin/rollout.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, orgOf } from '../request-state.js';
import { GetAdminHome } from '../../admin/schemas.js';
import { OrgParams, routeSchemas } from '../schemas.js';

const doc = routeSchemas(['admin: home']);

/** The admin home: the rollout card and recent security events. */
export function adminHomeRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/admin/home', { schema: doc(GetAdminHome, OrgParams) }, async (request) => {
      const org = orgOf(request);
      const [rollout, securityEvents] = await Promise.all([
        rolloutOverview(deps, { org, admin: authOf(request).user }),
        recentSecurityEvents(deps, { org, viewer: authOf(request).user.role }),
      ]);
      return { rollout, securityEvents };
    });
  };
}
