import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recentSecurityEvents, rolloutOverview } from '../../admin/rollout.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, orgOf } from '../request-state.js';
import { GetAdminHome } from '../../admin/schemas.js';
import { OrgParams, replies } from '../schemas.js';

/** The admin home: the rollout card and recent security events. */
export function adminHomeRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/admin/home',
      {
        schema: {
          tags: ['admin: home'],
          summary:
            'The rollout card (policy, enrolled of members, next step) ' +
            'and the last security events of the past 30 days',
          params: OrgParams,
          response: replies(GetAdminHome),
        },
      },
      async (request) => {
        const org = orgOf(request);
        const [rollout, securityEvents] = await Promise.all([
          rolloutOverview(deps, { org, admin: authOf(request).user }),
          recentSecurityEvents(deps, org),
        ]);
        return { rollout, securityEvents };
      },
    );
  };
}
