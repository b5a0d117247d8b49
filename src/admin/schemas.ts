import { Type } from '@sinclair/typebox';
import { AUDIT_TYPES, type AuditDetails } from '../audit/schemas.js';
import { ROLLOUTS } from '../policy/schemas.js';
import { ADMIN_ERRORS, Line, Ok, type RouteSpec, Text } from '../shared/schemas.js';
import { PasskeyBody } from '../passkeys/schemas.js';
import { AdminSessionBody, RevokedBody } from '../sessions/schemas.js';
import { AdminUserBody, UserAnswer } from '../users/schemas.js';

/**
 * The recommended order of a rollout (the customers' guides): passkeys made available by the operator
 * and turned on, the admins try them first, then a small pilot group, then everyone is told; after
 * that, the members still Pending are reminded.
 */
export const NEXT_STEPS = [
  'ask-operator',
  'turn-on',
  'try-yourself',
  'pilot',
  'everyone',
  'remind-pending',
  'done',
] as const;

export const EpochMs = Type.String({ pattern: '^[0-9]{1,15}$', description: 'epoch milliseconds' });

export const Filters = {
  userId: Type.Optional(Type.String({ format: 'uuid', description: 'Events about or by this user' })),
  username: Type.Optional(Line(64, { minLength: 1, description: 'Events about or by the user with this username' })),
  type: Type.Optional(Type.Union(AUDIT_TYPES.map((t) => Type.Literal(t)))),
  from: Type.Optional(EpochMs),
  to: Type.Optional(EpochMs),
};

export const RolloutBody = Type.Object({
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

export const Person = Type.Union([Type.Object({ id: Type.String(), username: Type.String() }), Type.Null()]);

export const ActivityEventBody = Type.Object({
  id: Type.String(),
  type: Type.String(),
  createdAt: Type.Number(),
  user: Person,
  actor: Person,
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgentLabel: Type.Union([Type.String(), Type.Null()]),
  // Typed for the web as recordAudit writes them; the document keeps the open object it always had.
  details: Type.Unsafe<AuditDetails>(Type.Object({}, { additionalProperties: true })),
});

export const OutboxEmailBody = Type.Object({
  id: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  to: Type.String(),
  subject: Type.String(),
  purpose: Type.String(),
  state: Type.Union(
    [Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('handed_over')],
    { description: 'handed_over: no SMTP on this server; the link was given to the admin to pass on' },
  ),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.Number(), Type.Null()]),
  createdAt: Type.Number(),
  sentAt: Type.Union([Type.Number(), Type.Null()]),
});

/** GET /api/o/:org/admin/activity */
export const GetAdminActivity = {
  summary: 'Security events, newest first, filtered by user, type and time',
  query: Type.Object(
    {
      ...Filters,
      before: Type.Optional(Line(60, { description: 'nextCursor of the previous page' })),
      limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$' })),
    },
    { additionalProperties: false },
  ),
  reply: Type.Object({
    events: Type.Array(ActivityEventBody),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    types: Type.Array(Type.String()),
  }),
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;

/** GET /api/o/:org/admin/activity/export */
export const GetAdminActivityExport = {
  summary: 'Download the filtered events as CSV or JSON Lines (gzip-compressed when Accept-Encoding allows)',
  query: Type.Object(
    { ...Filters, format: Type.Union([Type.Literal('csv'), Type.Literal('jsonl')]) },
    { additionalProperties: false },
  ),
  reply: Type.String({ description: 'text/csv or application/x-ndjson' }),
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;

/** GET /api/o/:org/admin/adoption */
export const GetAdminAdoption = {
  summary: 'Passkey adoption: enrolled vs pending now, and enrolled members per day',
  reply: Type.Object({
    members: Type.Integer(),
    enrolled: Type.Integer(),
    pending: Type.Integer(),
    series: Type.Array(
      Type.Object({
        day: Type.String(),
        enrolled: Type.Integer(),
        members: Type.Integer({ description: 'Members who existed by the end of the day' }),
      }),
    ),
  }),
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;

/** GET /api/o/:org/admin/home */
export const GetAdminHome = {
  summary:
    'The rollout card (policy, enrolled of members, next step) ' + 'and the last security events of the past 30 days',
  reply: Type.Object({ rollout: RolloutBody, securityEvents: Type.Array(ActivityEventBody) }),
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;

/** GET /api/o/:org/admin/users */
export const GetAdminUsers = {
  summary:
    'Users with their enrollment status ("Enrolled": has a passkey; "Pending": none), ' +
    'searched and paged on the server',
  query: Type.Object(
    {
      q: Type.Optional(Line(320, { description: 'The start of a username, email or display name' })),
      status: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('enrolled'), Type.Literal('pending')])),
      after: Type.Optional(Line(64, { description: 'nextCursor of the previous page' })),
      limit: Type.Optional(
        Type.String({
          pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$',
          description: '1 to 200; 50 by default',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  reply: Type.Object({
    users: Type.Array(AdminUserBody),
    counts: Type.Union(
      [Type.Object({ all: Type.Integer(), enrolled: Type.Integer(), pending: Type.Integer() }), Type.Null()],
      {
        description: 'Over the whole organisation; only on the first page without a search (null with after or q)',
      },
    ),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  }),
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/users */
export const PostAdminUsers = {
  summary:
    'Add a user (they start Pending; enroll them by email or code); ' +
    'adding an admin needs a verification in the last 5 minutes',
  body: Type.Object(
    {
      username: Text(64),
      email: Type.Optional(Type.Union([Text(320), Type.Null()])),
      displayName: Type.Optional(Text(100)),
      role: Type.Union([Type.Literal('member'), Type.Literal('editor'), Type.Literal('admin')]),
    },
    { additionalProperties: false },
  ),
  reply: UserAnswer,
  errors: [...ADMIN_ERRORS, 'USER_EXISTS', 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;

/** GET /api/o/:org/admin/users/:id */
export const GetAdminUsersId = {
  summary: "A user's page: profile, passkeys, sessions, recent activity, enrollment emails",
  reply: Type.Object({
    user: Type.Object({
      ...AdminUserBody.properties,
      hasPassword: Type.Boolean(),
      passkeysOffered: Type.Boolean({
        description: 'Whether the passkey policy offers them passkeys; if not, enrollment and recovery set a password',
      }),
      lastSignInAt: Type.Union([Type.Number(), Type.Null()]),
      // Password sign-in from unknown browsers is locked until then (too many wrong passwords); null when not.
      passwordLockedUntil: Type.Union([Type.Number(), Type.Null()]),
    }),
    passkeys: Type.Array(PasskeyBody),
    sessions: Type.Array(AdminSessionBody),
    activity: Type.Array(ActivityEventBody),
    emails: Type.Array(OutboxEmailBody),
    enrollmentCode: Type.Union([Type.Object({ expiresAt: Type.Number() }), Type.Null()]),
    enrollmentLink: Type.Union([Type.Object({ expiresAt: Type.Number() }), Type.Null()], {
      description: 'A setup, enrollment or recovery link of this user that still works (never the link)',
    }),
    smtpConfigured: Type.Boolean(),
  }),
  errors: [...ADMIN_ERRORS, 'USER_NOT_FOUND'],
} as const satisfies RouteSpec;

/** DELETE /api/o/:org/admin/users/:id/passkeys/:passkeyId */
export const DeleteAdminUsersIdPasskeysPasskeyId = {
  summary:
    "Delete one of the user's passkeys (never their last way to sign in: use Recover account for that; " +
    'needs a verification in the last 5 minutes)',
  reply: Ok,
  errors: [...ADMIN_ERRORS, 'REVERIFY_REQUIRED', 'USER_NOT_FOUND', 'PASSKEY_NOT_FOUND', 'LAST_SIGN_IN_METHOD'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/users/:id/sign-out-everywhere */
export const PostAdminUsersIdSignOutEverywhere = {
  summary: 'Sign the user out of every session (needs a verification in the last 5 minutes)',
  reply: RevokedBody,
  errors: [...ADMIN_ERRORS, 'REVERIFY_REQUIRED', 'USER_NOT_FOUND'],
} as const satisfies RouteSpec;
