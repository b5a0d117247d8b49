import { Type, type Static } from '@sinclair/typebox';
import {
  ASSERTION_ERRORS,
  ADMIN_ERRORS,
  Line,
  MEMBER_ERRORS,
  Ok,
  Password,
  type RouteSpec,
  Text,
} from '../shared/schemas.js';
import { AuthenticationResponse, ReverificationOptions } from '../passkeys/schemas.js';
import { WaysInBody } from '../policy/schemas.js';

export const UserBody = Type.Object({
  id: Type.String(),
  username: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.String(),
  role: Type.String(),
  hasPassword: Type.Boolean(),
  passkeyCount: Type.Integer(),
});

/** A user as the admin console lists them. */
export const AdminUserBody = Type.Object({
  id: Type.String(),
  username: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.String(),
  // Typed as the roles there are for the web; the document keeps the plain string it always had.
  role: Type.Unsafe<Static<typeof Role>>(Type.String()),
  status: Type.String(),
  enrollment: Type.Union([Type.Literal('enrolled'), Type.Literal('pending')]),
  passkeyCount: Type.Integer(),
  createdAt: Type.Number(),
});

export const UserAnswer = Type.Object({ user: AdminUserBody });

export const Role = Type.Union(
  [Type.Literal('member'), Type.Literal('editor'), Type.Literal('admin'), Type.Literal('operator')],
  { description: 'operator: in the platform organisation only' },
);

export const UserDetailsSignal = Type.Object({
  rpId: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  displayName: Type.String(),
});

/** GET /api/o/:org/me */
export const GetMe = {
  summary: 'The signed-in user and this session',
  reply: Type.Object({
    user: UserBody,
    session: Type.Object({
      id: Type.String(),
      method: Type.String(),
      verifiedAt: Type.Number(),
      reverifyRequired: Type.Boolean(),
      passkeySetupRequired: Type.Boolean(),
    }),
    policy: Type.Object({
      passkeysOffered: Type.Boolean(),
      passwordAllowed: Type.Boolean(),
      passwordSignInAllowed: Type.Boolean(),
      passwordFallback: Type.Boolean({
        description: 'The organisation lets members keep a password beside their passkeys (Allow password fallback)',
      }),
      prompt: Type.Union([Type.Literal('none'), Type.Literal('optional'), Type.Literal('mandatory')]),
    }),
    waysIn: WaysInBody,
  }),
  errors: MEMBER_ERRORS,
} as const satisfies RouteSpec;

/** POST /api/o/:org/me/passkey-prompt/snooze */
export const PostMePasskeyPromptSnooze = {
  summary: '"Do this later": stop asking this member to create a passkey for the organisation\'s snooze period',
  reply: Type.Object({ snoozedUntil: Type.Number() }),
  errors: MEMBER_ERRORS,
} as const satisfies RouteSpec;

/** PATCH /api/o/:org/me */
export const PatchMe = {
  summary: 'Change the display name',
  body: Type.Object({ displayName: Text(100) }),
  reply: Type.Object({ user: UserBody, signal: UserDetailsSignal }),
  errors: MEMBER_ERRORS,
} as const satisfies RouteSpec;

/** PUT /api/o/:org/me/password */
export const PutMePassword = {
  summary: 'Set or change the password (needs a recent verification)',
  body: Type.Object({ password: Password }),
  reply: Type.Object({ user: UserBody }),
  errors: [
    ...MEMBER_ERRORS,
    'REVERIFY_REQUIRED',
    'PASSWORD_TOO_SHORT',
    'PASSWORD_TOO_LONG',
    'PASSWORD_TOO_GUESSABLE',
    'PASSWORD_SIGN_IN_DISABLED',
  ],
} as const satisfies RouteSpec;

/** POST /api/o/:org/me/reverify/password */
export const PostMeReverifyPassword = {
  summary: 'Confirm it is you with your password before a sensitive change',
  body: Type.Object({ password: Password }),
  reply: Ok,
  errors: [...MEMBER_ERRORS, 'PASSWORD_INCORRECT', 'PASSWORD_SIGN_IN_DISABLED'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/me/reverify/passkey/options */
export const PostMeReverifyPasskeyOptions = {
  summary: 'Options to confirm it is you with one of your passkeys',
  ...ReverificationOptions,
} as const satisfies RouteSpec;

/** POST /api/o/:org/me/reverify/passkey/verify */
export const PostMeReverifyPasskeyVerify = {
  summary: 'Confirm it is you with one of your passkeys',
  body: Type.Object({ response: AuthenticationResponse }),
  reply: Ok,
  errors: [...MEMBER_ERRORS, ...ASSERTION_ERRORS],
} as const satisfies RouteSpec;

/** PATCH /api/o/:org/admin/users/:id */
export const PatchAdminUsersId = {
  summary:
    'Edit profile: display name, email, role (a new email or role needs a verification in the last 5 minutes; ' +
    "never the last admin's role)",
  body: Type.Object(
    {
      displayName: Type.Optional(Text(100)),
      email: Type.Optional(Type.Union([Line(320), Type.Null()], { description: 'null or empty: no email address' })),
      role: Type.Optional(Role),
    },
    { additionalProperties: false },
  ),
  reply: UserAnswer,
  errors: [
    ...ADMIN_ERRORS,
    'REVERIFY_REQUIRED',
    'USER_NOT_FOUND',
    'USER_EXISTS',
    'LAST_ADMIN',
    'CANNOT_CHANGE_OWN_ACCOUNT',
  ],
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/users/:id/disable */
export const PostAdminUsersIdDisable = {
  summary:
    'Disable account: signs out everywhere, ends device links, enrollment links and codes and app grants, ' +
    'refuses every sign-in (needs a verification in the last 5 minutes)',
  reply: UserAnswer,
  errors: [...ADMIN_ERRORS, 'REVERIFY_REQUIRED', 'USER_NOT_FOUND', 'LAST_ADMIN', 'CANNOT_CHANGE_OWN_ACCOUNT'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/users/:id/enable */
export const PostAdminUsersIdEnable = {
  summary:
    'Enable account: the user signs in again with the passkeys and password they had ' +
    '(needs a verification in the last 5 minutes)',
  reply: UserAnswer,
  errors: [...ADMIN_ERRORS, 'REVERIFY_REQUIRED', 'USER_NOT_FOUND', 'CANNOT_CHANGE_OWN_ACCOUNT'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/users/:id/delete */
export const PostAdminUsersIdDelete = {
  summary:
    'Delete user, with their passkeys, sessions, links, codes and app grants; ' +
    'audit events keep the id and username (needs a verification in the last 5 minutes)',
  body: Type.Object(
    { confirmUsername: Line(64, { minLength: 1, description: "The user's username, typed to confirm" }) },
    { additionalProperties: false },
  ),
  reply: Ok,
  errors: [
    ...ADMIN_ERRORS,
    'REVERIFY_REQUIRED',
    'USER_NOT_FOUND',
    'CONFIRMATION_MISMATCH',
    'LAST_ADMIN',
    'CANNOT_CHANGE_OWN_ACCOUNT',
  ],
} as const satisfies RouteSpec;
