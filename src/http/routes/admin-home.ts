import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NEXT_STEPS, recentSecurityEvents, rolloutOverview } from '../../admin/rollout.js';
import { ROLLOUTS } from '../../policy/update-policy.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, orgOf } from '../request-state.js';
import { ADMIN_ERRORS, OrgParams, responses } from '../schemas.js';
import { ActivityEventBody } from './admin-users.js';

const RolloutBody = Type.Object({
  passkeysAvailable: Type.Boolean({ description: 'Made available by the platform operator' }),
  passkeysEnabled: Type.Boolean(),
  passkeysMandatory: Type.Boolean({ description: 'Force Passkey Setup' }),
  passwordFallback: Type.Boolean(),
  rollout: Type.Union(ROLLOUTS.map((r) => Type.Literal(r))),
  members: Type.Integer(),
  enrolled: Type.Integer({ description: 'Members with at least one passkey' }),
  pending: Type.Integer(),
  percent: Type.Integer({ description: 'Enrolled of members, rounded down' }),
  adminHasPasskey: Type.Boolean({ description: 'The signed-in admin has tried passkeys (holds one)' }),
  nextStep: Type.Union(
    NEXT_STEPS.map((s) => Type.Literal(s)),
    {
      description: 'The next step in the recommended order: admins first, then a pilot group, then everyone',
    },
  ),
});

/** The admin home: the rollout card and recent security events. */
export function adminHomeRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/admin/home',
      {
        schema: {
          tags: ['admin: home'],
          summary:
            'The rollout card (policy, enrolled of members, next step) and the last security events of the past 30 days',
          params: OrgParams,
          response: responses(
            { 200: Type.Object({ rollout: RolloutBody, securityEvents: Type.Array(ActivityEventBody) }) },
            ADMIN_ERRORS,
          ),
        },
      },
      async (request) => {
        const org = orgOf(request);
        const [rollout, securityEvents] = await Promise.all([
          rolloutOverview(deps, org, authOf(request).user),
          recentSecurityEvents(deps, org),
        ]);
        return { rollout, securityEvents };
      },
    );
  };
}
