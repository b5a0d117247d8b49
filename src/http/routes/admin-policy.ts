import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { listPilotMembers, setPilot } from '../../policy/pilot-group.js';
import { policyView, updatePasskeyPolicy } from '../../policy/update-policy.js';
import type { Deps } from '../../shared/deps.js';
import { actorOf, authOf, orgOf } from '../request-state.js';
import { OrgAndIdParams, OrgParams, routeSchemas } from '../schemas.js';
import {
  DeleteAdminPilotMembersId,
  GetAdminSettingsPasskeys,
  PostAdminPilotMembers,
  PutAdminSettingsPasskeys,
} from '../../policy/schemas.js';

const doc = routeSchemas(['admin: passkey policy']);
/** The acting admin with their role: the policy and the pilot group check what that role may change. */
const adminActor = (request: FastifyRequest) => ({ ...actorOf(request), role: authOf(request).user.role });
/** Org Settings > Passkeys. The caller has checked that the signed-in user is an admin of this organisation. */
export function adminPolicyRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/admin/settings/passkeys', { schema: doc(GetAdminSettingsPasskeys, OrgParams) }, async (request) => {
      const org = orgOf(request);
      const counts = await deps.db
        .selectFrom('users')
        .select((eb) => [
          eb.fn.countAll<number>().as('members'),
          eb.fn
            .count<number>(
              eb.selectFrom('passkeys').select('passkeys.id').whereRef('passkeys.user_id', '=', 'users.id').limit(1),
            )
            .as('enrolled'),
        ])
        .where('org_id', '=', org.id)
        .executeTakeFirstOrThrow();
      return {
        policy: policyView(org),
        pilotMembers: await listPilotMembers(deps, { org }),
        members: Number(counts.members),
        enrolled: Number(counts.enrolled),
      };
    });

    app.put(
      '/admin/settings/passkeys',
      {
        schema: doc(PutAdminSettingsPasskeys, OrgParams),
        // Turning passkeys off or on for everyone is asked of an admin who proved it is them minutes ago.
        config: { requiresRecentVerification: true },
      },
      async (request) => {
        const policy = await updatePasskeyPolicy(deps, {
          org: orgOf(request),
          changes: request.body,
          actor: { ...adminActor(request), via: 'admin' },
        });
        return { policy };
      },
    );

    // Who is in the pilot decides how each member signs in (in or out of passkeys, a password or not): a change of
    // the policy for one member, asked of an admin who proved it is them minutes ago as the policy's own are.
    app.post(
      '/admin/pilot-members',
      { schema: doc(PostAdminPilotMembers, OrgParams), config: { requiresRecentVerification: true } },
      async (request) => ({
        member: await setPilot(deps, {
          org: orgOf(request),
          target: { identifier: request.body.identifier },
          pilot: true,
          actor: adminActor(request),
        }),
      }),
    );

    app.delete(
      '/admin/pilot-members/:id',
      { schema: doc(DeleteAdminPilotMembersId, OrgAndIdParams), config: { requiresRecentVerification: true } },
      async (request) => {
        await setPilot(deps, {
          org: orgOf(request),
          target: { userId: request.params.id },
          pilot: false,
          actor: adminActor(request),
        });
        return { ok: true as const };
      },
    );
  };
}
