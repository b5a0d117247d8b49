import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listPilotMembers, setPilot } from '../../policy/pilot-group.js';
import { ROLLOUTS, policyView, updatePasskeyPolicy } from '../../policy/update-policy.js';
import { requireRecentVerification } from '../../sessions/sessions.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import { ADMIN_ERRORS, Identifier, Ok, OrgAndIdParams, OrgParams, responses } from '../schemas.js';

const tags = ['admin: passkey policy'];
const Rollout = Type.Union(ROLLOUTS.map((r) => Type.Literal(r)));
const PolicyBody = Type.Object({
  passkeysAvailable: Type.Boolean({ description: 'Set by the platform operator; read-only here' }),
  passkeysEnabled: Type.Boolean(),
  passkeysMandatory: Type.Boolean({ description: 'Force Passkey Setup' }),
  passwordFallback: Type.Boolean({ description: 'Allow password sign-in for members who have a passkey' }),
  rollout: Rollout,
  promptSnoozeDays: Type.Integer(),
  hideAccountExistence: Type.Boolean({
    description: 'Hide whether an account exists: every username gets the same sign-in answers',
  }),
});
const PilotMember = Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() });

/** Org Settings > Passkeys. The caller has checked that the signed-in user is an admin of this organisation. */
export function adminPolicyRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/admin/settings/passkeys',
      {
        schema: {
          tags,
          summary: "The organisation's passkey policy and pilot group",
          params: OrgParams,
          response: responses(
            {
              200: Type.Object({
                policy: PolicyBody,
                pilotMembers: Type.Array(PilotMember),
                members: Type.Integer(),
                enrolled: Type.Integer(),
              }),
            },
            ADMIN_ERRORS,
          ),
        },
      },
      async (request) => {
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
          pilotMembers: await listPilotMembers(deps, org),
          members: Number(counts.members),
          enrolled: Number(counts.enrolled),
        };
      },
    );

    app.put(
      '/admin/settings/passkeys',
      {
        schema: {
          tags,
          summary:
            "Change the passkey policy (takes effect at members' next sign-in; stored passkeys are kept; needs a verification in the last 5 minutes)",
          params: OrgParams,
          body: Type.Object(
            {
              passkeysEnabled: Type.Optional(Type.Boolean()),
              passkeysMandatory: Type.Optional(Type.Boolean()),
              passwordFallback: Type.Optional(Type.Boolean()),
              rollout: Type.Optional(Rollout),
              promptSnoozeDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
              hideAccountExistence: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: Type.Object({ policy: PolicyBody }) }, [
            ...ADMIN_ERRORS,
            'REVERIFY_REQUIRED',
            'PASSKEYS_NOT_AVAILABLE',
          ]),
        },
      },
      async (request) => {
        // Turning passkeys off or on for everyone is asked of an admin who proved it is them minutes ago.
        requireRecentVerification(deps, authOf(request).session);
        const policy = await updatePasskeyPolicy(deps, orgOf(request), request.body, {
          actorId: authOf(request).user.id,
          context: requestContext(request),
          via: 'admin',
          role: authOf(request).user.role,
        });
        return { policy };
      },
    );

    app.post(
      '/admin/pilot-members',
      {
        schema: {
          tags,
          summary: 'Add a member to the pilot group',
          params: OrgParams,
          body: Type.Object({ identifier: Identifier }),
          response: responses({ 200: Type.Object({ member: PilotMember }) }, [...ADMIN_ERRORS, 'USER_NOT_FOUND']),
        },
      },
      async (request) => ({
        member: await setPilot(deps, orgOf(request), { identifier: request.body.identifier }, true, {
          actorId: authOf(request).user.id,
          context: requestContext(request),
          role: authOf(request).user.role,
        }),
      }),
    );

    app.delete(
      '/admin/pilot-members/:id',
      {
        schema: {
          tags,
          summary: 'Remove a member from the pilot group',
          params: OrgAndIdParams,
          response: responses({ 200: Ok }, [...ADMIN_ERRORS, 'USER_NOT_FOUND']),
        },
      },
      async (request) => {
        await setPilot(deps, orgOf(request), { userId: request.params.id }, false, {
          actorId: authOf(request).user.id,
          context: requestContext(request),
          role: authOf(request).user.role,
        });
        return { ok: true as const };
      },
    );
  };
}
