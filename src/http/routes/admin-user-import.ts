import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendEnrollmentEmails } from '../../enrollment/bulk-enrollment-emails.js';
import { requireRecentVerification } from '../../sessions/sessions.js';
import type { Deps } from '../../shared/deps.js';
import { MAX_IMPORT_BYTES } from '../../user-import/csv-file.js';
import { importUsers } from '../../user-import/import-users.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import { ADMIN_ERRORS, OrgParams, responses } from '../schemas.js';

const tags = ['admin: users'];
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
/**
 * A string or null as one JSON type list, not anyOf: the answer may hold 10,000 rows, and the
 * serializer checks every anyOf branch of every row with a validator.
 */
const StringOrNull = (description?: string) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], ...(description ? { description } : {}) });
const TemplateChoice = Type.Optional(
  Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: "absent: the organisation's default; null: the built-in template",
  }),
);
const QueuedEmail = Type.Object({
  emailId: Type.String(),
  state: Type.Union([Type.Literal('queued'), Type.Literal('handed_over')]),
  expiresAt: Type.Number(),
  link: Nullable(Type.String({ description: 'Only without SMTP: the link to pass on by hand, shown this once' })),
});
const ImportRow = Type.Object({
  row: Type.Integer({ description: 'As a spreadsheet numbers it: the header is row 1' }),
  username: Type.String(),
  email: StringOrNull(),
  displayName: Type.String(),
  role: Type.String(),
  outcome: Type.String({ description: 'create or error' }),
  reason: StringOrNull(
    'column_count, control_character, too_long, username_missing, username_invalid, email_invalid, role_invalid, role_forbidden, duplicate_in_file, user_exists',
  ),
  message: StringOrNull(),
  enrollment: StringOrNull(
    'email, no_email (no address) or not_offered (the rollout does not reach them); null: none asked',
  ),
  link: StringOrNull('Only without SMTP, after the import: shown this once'),
});

/** Bulk actions on the Users page: import from a CSV, send enrollment emails to the selected users. */
export function adminUserImportRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/admin/users/import',
      {
        // A CSV of 10,000 users, JSON-escaped; the file's own limit (2 MiB) is checked with a clear code.
        bodyLimit: 5 * 1024 * 1024,
        schema: {
          tags,
          summary:
            'Import users from a CSV (username, email, display name, role): a preview of every row (dryRun), then the import of the rows without errors, optionally with enrollment emails; one audit event',
          params: OrgParams,
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
          response: responses(
            {
              200: Type.Object({
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
            },
            [
              ...ADMIN_ERRORS,
              'REVERIFY_REQUIRED',
              'IMPORT_INVALID',
              'IMPORT_TOO_LARGE',
              'USER_EXISTS',
              'TEMPLATE_NOT_FOUND',
            ],
          ),
        },
      },
      async (request) => {
        const { csv, dryRun, sendEnrollmentEmail = false, templateId } = request.body;
        // Links to many accounts at once: only from an admin who proved it is them minutes ago.
        if (sendEnrollmentEmail && !dryRun) requireRecentVerification(deps, authOf(request).session);
        return importUsers(
          deps,
          orgOf(request),
          { csv, dryRun, sendEnrollmentEmail, templateId },
          { actor: authOf(request).user, context: requestContext(request) },
        );
      },
    );

    app.post(
      '/admin/users/enrollment-emails',
      {
        schema: {
          tags,
          summary:
            'Send enrollment email to the selected users: each active Pending user with an address gets a one-time link through the outbox; the others are listed with the reason; one audit event',
          params: OrgParams,
          body: Type.Object(
            {
              userIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 200 }),
              templateId: TemplateChoice,
            },
            { additionalProperties: false },
          ),
          response: responses(
            {
              200: Type.Object({
                results: Type.Array(
                  Type.Object({
                    userId: Type.String(),
                    username: Nullable(Type.String()),
                    outcome: Type.Union([Type.Literal('sent'), Type.Literal('skipped')]),
                    reason: Nullable(
                      Type.String({
                        description:
                          'not_found, forbidden, disabled, no_email, not_offered (passkeys do not reach them), already_enrolled',
                      }),
                    ),
                    email: Type.Union([QueuedEmail, Type.Null()]),
                  }),
                ),
              }),
            },
            [...ADMIN_ERRORS, 'REVERIFY_REQUIRED', 'TEMPLATE_NOT_FOUND'],
          ),
        },
      },
      async (request) => {
        requireRecentVerification(deps, authOf(request).session);
        const results = await sendEnrollmentEmails(deps, orgOf(request), request.body, {
          actor: authOf(request).user,
          context: requestContext(request),
        });
        return {
          results: results.map((r) => ({
            ...r,
            email: r.email && {
              emailId: r.email.emailId,
              state: r.email.state as 'queued' | 'handed_over',
              expiresAt: r.email.expiresAt,
              link: r.email.link,
            },
          })),
        };
      },
    );
  };
}
