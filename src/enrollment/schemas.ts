import { Type } from '@sinclair/typebox';
import { ADMIN_ERRORS, Identifier, type RouteSpec } from '../shared/schemas.js';
import { UserBody } from '../users/schemas.js';
import { OutboxEmailBody } from '../admin/schemas.js';

/** After a setup link or an enrollment code: who is signed in, and which setup steps apply. */
export const EnrollmentStart = Type.Object({
  user: UserBody,
  passkeysOffered: Type.Boolean(),
  passkeyRequired: Type.Boolean(),
  passwordAllowed: Type.Boolean(),
});

export const ENROLL_ERRORS = [...ADMIN_ERRORS, 'USER_NOT_FOUND' as const, 'REVERIFY_REQUIRED' as const];

export const NEW_ENROLLMENT_ERRORS = [...ENROLL_ERRORS, 'USER_ALREADY_ENROLLED' as const, 'USER_HAS_PASSWORD' as const];

export const CodeBody = Type.Object({
  id: Type.String({ description: "The code's id, as its Activity events name it (codeId)" }),
  code: Type.String({ description: 'Shown this once: ABC-DEF-GHJ' }),
  expiresAt: Type.Number(),
  validForSeconds: Type.Integer(),
});

export const EmailResultBody = Type.Object({
  email: OutboxEmailBody,
  expiresAt: Type.Number(),
  link: Type.Union([Type.String(), Type.Null()], {
    description: 'Only when SMTP is not configured: the link to pass on by hand, shown this once',
  }),
});

export const TemplateChoice = Type.Optional(
  Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: "absent: the organisation's default; null: the built-in template",
  }),
);

export const SettingsBody = Type.Object({ codeSeconds: Type.Integer(), linkDays: Type.Integer() });

/** POST /api/o/:org/enroll */
export const PostEnroll = {
  summary: 'Enroll with the 9-character code an admin gave you: signs you in to create your passkey',
  body: Type.Object(
    {
      username: Identifier,
      code: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9 -]+$' }),
    },
    { additionalProperties: false },
  ),
  reply: EnrollmentStart,
  errors: ['ORG_NOT_FOUND', 'ENROLLMENT_CODE_INVALID', 'ACCOUNT_DISABLED'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/setup */
export const PostSetup = {
  summary: 'Use a one-time setup link: signs the user in so they can choose a password and create a passkey',
  body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) }),
  reply: EnrollmentStart,
  errors: ['ORG_NOT_FOUND', 'SETUP_LINK_INVALID', 'ACCOUNT_DISABLED'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/users/:id/enrollment-code */
export const PostAdminUsersIdEnrollmentCode = {
  summary: 'Generate 9-character code: single use, valid 60 seconds (per organisation), void after 5 wrong entries',
  reply: CodeBody,
  errors: NEW_ENROLLMENT_ERRORS,
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/users/:id/enrollment-email */
export const PostAdminUsersIdEnrollmentEmail = {
  summary: 'Send enrollment email: a one-time link to create a passkey, queued with the link and tried at once',
  body: Type.Object({ templateId: TemplateChoice }, { additionalProperties: false }),
  reply: EmailResultBody,
  errors: [...NEW_ENROLLMENT_ERRORS, 'USER_HAS_NO_EMAIL', 'TEMPLATE_NOT_FOUND'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/users/:id/recover */
export const PostAdminUsersIdRecover = {
  summary: 'Recover account (lost or replaced device): remove passkeys, sign out everywhere, then a code or an email',
  body: Type.Object(
    {
      passkeyIds: Type.Union([Type.Literal('all'), Type.Array(Type.String({ format: 'uuid' }), { maxItems: 100 })]),
      method: Type.Union([Type.Literal('email'), Type.Literal('code')]),
      templateId: TemplateChoice,
      removePassword: Type.Optional(
        Type.Boolean({ description: 'Also remove their password (it may be saved on the lost device)' }),
      ),
    },
    { additionalProperties: false },
  ),
  reply: Type.Object({
    removedPasskeys: Type.Integer(),
    revokedSessions: Type.Integer(),
    passwordRemoved: Type.Boolean(),
    code: Type.Union([CodeBody, Type.Null()]),
    email: Type.Union([EmailResultBody, Type.Null()]),
  }),
  errors: [...ENROLL_ERRORS, 'USER_HAS_NO_EMAIL', 'TEMPLATE_NOT_FOUND', 'PASSKEY_NOT_FOUND', 'CANNOT_RECOVER_SELF'],
} as const satisfies RouteSpec;

/** GET /api/o/:org/admin/settings/enrollment */
export const GetAdminSettingsEnrollment = {
  summary: 'How long enrollment codes and email links are valid',
  reply: SettingsBody,
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;

/** PUT /api/o/:org/admin/settings/enrollment */
export const PutAdminSettingsEnrollment = {
  summary:
    'Change how long enrollment codes (seconds) and email links (days) are valid, after a verification in the ' +
    'last 5 minutes',
  body: Type.Object(
    {
      codeSeconds: Type.Optional(Type.Integer({ minimum: 30, maximum: 600 })),
      linkDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
    },
    { additionalProperties: false },
  ),
  reply: SettingsBody,
  errors: [...ADMIN_ERRORS, 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;
