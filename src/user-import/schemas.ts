import { Type } from '@sinclair/typebox';
import { ADMIN_ERRORS, type RouteSpec } from '../shared/schemas.js';

export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const StringOrNull = (description?: string) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], ...(description ? { description } : {}) });

export const TemplateChoice = Type.Optional(
  Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: "absent: the organisation's default; null: the built-in template",
  }),
);

export const QueuedEmail = Type.Object({
  emailId: Type.String(),
  state: Type.Union([Type.Literal('queued'), Type.Literal('handed_over')]),
  expiresAt: Type.Number(),
  link: Nullable(Type.String({ description: 'Only without SMTP: the link to pass on by hand, shown this once' })),
});

export const ImportRow = Type.Object({
  row: Type.Integer({ description: 'As a spreadsheet numbers it: the header is row 1' }),
  username: Type.String(),
  email: StringOrNull(),
  displayName: Type.String(),
  role: Type.String(),
  outcome: Type.String({ description: 'create or error' }),
  reason: StringOrNull(
    'column_count, control_character, too_long, username_missing, username_invalid, email_invalid, role_invalid, ' +
      'role_forbidden, duplicate_in_file, user_exists',
  ),
  message: StringOrNull(),
  enrollment: StringOrNull(
    'email (a passkey link, or a password link where the rollout does not reach them) or no_email; null: none asked',
  ),
  link: StringOrNull('Only without SMTP, after the import: shown this once'),
});

/** POST /api/o/:org/admin/users/import */
export const PostAdminUsersImport = {
  summary:
    'Import users from a CSV (username, email, display name, role): a preview of every row (dryRun), then ' +
    'the import of the rows without errors, optionally with enrollment emails; one audit event. ' +
    'Importing with emails, or importing an admin, needs a verification in the last 5 minutes',
  body: Type.Object(
    {
      csv: Type.String({
        minLength: 1,
        description: `The file, as text: at most ${MAX_IMPORT_BYTES} bytes and 10,000 rows (IMPORT_TOO_LARGE)`,
      }),
      dryRun: Type.Boolean(),
      sendEnrollmentEmail: Type.Optional(Type.Boolean()),
      templateId: TemplateChoice,
    },
    { additionalProperties: false },
  ),
  reply: Type.Object({
    dryRun: Type.Boolean(),
    summary: Type.Object({
      rows: Type.Integer(),
      create: Type.Integer(),
      errors: Type.Integer(),
      created: Type.Integer(),
      enrollmentEmails: Type.Integer(),
    }),
    rows: Type.Array(ImportRow),
  }),
  errors: [
    ...ADMIN_ERRORS,
    'REVERIFY_REQUIRED',
    'IMPORT_INVALID',
    'IMPORT_TOO_LARGE',
    'USER_EXISTS',
    'TEMPLATE_NOT_FOUND',
  ],
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/users/enrollment-emails */
export const PostAdminUsersEnrollmentEmails = {
  summary:
    'Send enrollment email to the selected users: ' +
    'each active Pending user with an address gets a one-time link through the outbox; ' +
    'the others are listed with the reason; one audit event',
  body: Type.Object(
    {
      userIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 200 }),
      templateId: TemplateChoice,
    },
    { additionalProperties: false },
  ),
  reply: Type.Object({
    results: Type.Array(
      Type.Object({
        userId: Type.String(),
        username: Nullable(Type.String()),
        outcome: Type.Union([Type.Literal('sent'), Type.Literal('skipped')]),
        reason: Nullable(
          Type.String({
            description:
              'not_found, forbidden, disabled, no_email, has_password (not offered passkeys, and has a password), ' +
              'already_enrolled',
          }),
        ),
        email: Type.Union([QueuedEmail, Type.Null()]),
        setsUp: Type.Union([Type.Literal('passkey'), Type.Literal('password'), Type.Null()], {
          description: "A sent link's purpose: password when passkeys are not offered to the user yet (the rollout)",
        }),
      }),
    ),
  }),
  errors: [...ADMIN_ERRORS, 'REVERIFY_REQUIRED', 'TEMPLATE_NOT_FOUND'],
} as const satisfies RouteSpec;
