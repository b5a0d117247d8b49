import { Type } from '@sinclair/typebox';
import { ADMIN_ERRORS, Identifier, Ok, type RouteSpec } from '../shared/schemas.js';

export const ROLLOUTS = ['admins', 'pilot', 'everyone'] as const;

/** The policy's "ways in" rule (src/policy/ways-in.ts): two passkeys, or a passkey and a password. */
export const WaysInBody = Type.Object({
  passkeys: Type.Integer(),
  password: Type.Boolean(),
  count: Type.Integer(),
  canAddPasskey: Type.Boolean(),
  canAddPassword: Type.Boolean(),
  backupNeeded: Type.Boolean(),
});

export const Rollout = Type.Union(ROLLOUTS.map((r) => Type.Literal(r)));

export const PolicyBody = Type.Object({
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

export const PilotMember = Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() });

/** GET /api/o/:org/admin/settings/passkeys */
export const GetAdminSettingsPasskeys = {
  summary: "The organisation's passkey policy and pilot group",
  reply: Type.Object({
    policy: PolicyBody,
    pilotMembers: Type.Array(PilotMember),
    members: Type.Integer(),
    enrolled: Type.Integer(),
  }),
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;

/** PUT /api/o/:org/admin/settings/passkeys */
export const PutAdminSettingsPasskeys = {
  summary:
    "Change the passkey policy (takes effect at members' next sign-in; stored passkeys are kept; needs a " +
    'verification in the last 5 minutes)',
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
  reply: Type.Object({ policy: PolicyBody }),
  errors: [...ADMIN_ERRORS, 'REVERIFY_REQUIRED', 'PASSKEYS_NOT_AVAILABLE'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/pilot-members */
export const PostAdminPilotMembers = {
  summary: 'Add a member to the pilot group, after a verification in the last 5 minutes',
  body: Type.Object({ identifier: Identifier }),
  reply: Type.Object({ member: PilotMember }),
  errors: [...ADMIN_ERRORS, 'REVERIFY_REQUIRED', 'USER_NOT_FOUND'],
} as const satisfies RouteSpec;

/** DELETE /api/o/:org/admin/pilot-members/:id */
export const DeleteAdminPilotMembersId = {
  summary: 'Remove a member from the pilot group, after a verification in the last 5 minutes',
  reply: Ok,
  errors: [...ADMIN_ERRORS, 'REVERIFY_REQUIRED', 'USER_NOT_FOUND'],
} as const satisfies RouteSpec;
