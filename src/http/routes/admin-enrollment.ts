import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { requireEnrollable } from '../../enrollment/enrollable.js';
import { issueEnrollmentCode } from '../../enrollment/enrollment-codes.js';
import { sendEnrollmentEmail } from '../../enrollment/enrollment-email.js';
import { enrollmentSettingsView, updateEnrollmentSettings } from '../../enrollment/settings.js';
import { recoverAccount } from '../../recovery/recover-account.js';
import { requireRecentVerification } from '../../sessions/sessions.js';
import type { Actor, Deps } from '../../shared/deps.js';
import { authOf, orgOf, requestContext, targetUser } from '../request-state.js';
import { ADMIN_ERRORS, OrgAndIdParams, OrgParams, responses } from '../schemas.js';
import { OutboxEmailBody } from './admin-users.js';

const tags = ['admin: enrollment and recovery'];
const ENROLL_ERRORS = [
  ...ADMIN_ERRORS,
  'USER_NOT_FOUND' as const,
  'PASSKEYS_NOT_OFFERED' as const,
  'REVERIFY_REQUIRED' as const,
];
const NEW_ENROLLMENT_ERRORS = [...ENROLL_ERRORS, 'USER_ALREADY_ENROLLED' as const];
const CodeBody = Type.Object({
  code: Type.String({ description: 'Shown this once: ABC-DEF-GHJ' }),
  expiresAt: Type.Number(),
  validForSeconds: Type.Integer(),
});
const EmailResultBody = Type.Object({
  email: OutboxEmailBody,
  expiresAt: Type.Number(),
  link: Type.Union([Type.String(), Type.Null()], {
    description: 'Only when SMTP is not configured: the link to pass on by hand, shown this once',
  }),
});
const TemplateChoice = Type.Optional(
  Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: "absent: the organisation's default; null: the built-in template",
  }),
);
const SettingsBody = Type.Object({ codeSeconds: Type.Integer(), linkDays: Type.Integer() });

const actorOf = (request: FastifyRequest): Actor => ({
  actorId: authOf(request).user.id,
  context: requestContext(request),
});

/** "Enroll a Passkey" (email or 9-character code) and "Recover account" on a user's page. */
export function adminEnrollmentRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const enrollable = async (request: FastifyRequest, userId: string) => {
    requireRecentVerification(deps, authOf(request).session);
    const { org, user } = await targetUser(deps, request, userId);
    await requireEnrollable(deps, org, user);
    return { org, user };
  };

  return async (app) => {
    app.post(
      '/admin/users/:id/enrollment-code',
      {
        schema: {
          tags,
          summary:
            'Generate 9-character code: single use, valid 60 seconds (per organisation), void after 5 wrong entries',
          params: OrgAndIdParams,
          response: responses({ 200: CodeBody }, NEW_ENROLLMENT_ERRORS),
        },
      },
      async (request) => {
        const { org, user } = await enrollable(request, request.params.id);
        return issueEnrollmentCode(deps, org, user, actorOf(request));
      },
    );

    app.post(
      '/admin/users/:id/enrollment-email',
      {
        schema: {
          tags,
          summary: 'Send enrollment email: a one-time link to create a passkey, queued with the link and tried at once',
          params: OrgAndIdParams,
          body: Type.Object({ templateId: TemplateChoice }, { additionalProperties: false }),
          response: responses({ 200: EmailResultBody }, [
            ...NEW_ENROLLMENT_ERRORS,
            'USER_HAS_NO_EMAIL',
            'TEMPLATE_NOT_FOUND',
          ]),
        },
      },
      async (request) => {
        const { org, user } = await enrollable(request, request.params.id);
        return sendEnrollmentEmail(deps, org, user, request.body.templateId, actorOf(request));
      },
    );

    app.post(
      '/admin/users/:id/recover',
      {
        schema: {
          tags,
          summary:
            'Recover account (lost or replaced device): remove passkeys, sign out everywhere, then a code or an email',
          params: OrgAndIdParams,
          body: Type.Object(
            {
              passkeyIds: Type.Union([
                Type.Literal('all'),
                Type.Array(Type.String({ format: 'uuid' }), { maxItems: 100 }),
              ]),
              method: Type.Union([Type.Literal('email'), Type.Literal('code')]),
              templateId: TemplateChoice,
              removePassword: Type.Optional(
                Type.Boolean({ description: 'Also remove their password (it may be saved on the lost device)' }),
              ),
            },
            { additionalProperties: false },
          ),
          response: responses(
            {
              200: Type.Object({
                removedPasskeys: Type.Integer(),
                revokedSessions: Type.Integer(),
                passwordRemoved: Type.Boolean(),
                code: Type.Union([CodeBody, Type.Null()]),
                email: Type.Union([EmailResultBody, Type.Null()]),
              }),
            },
            [...ENROLL_ERRORS, 'USER_HAS_NO_EMAIL', 'TEMPLATE_NOT_FOUND', 'PASSKEY_NOT_FOUND', 'CANNOT_RECOVER_SELF'],
          ),
        },
      },
      async (request) => {
        // A way into someone's account is handed out only by an admin who proved it is them minutes ago.
        requireRecentVerification(deps, authOf(request).session);
        const { org, user } = await targetUser(deps, request, request.params.id);
        return recoverAccount(deps, org, user, request.body, actorOf(request));
      },
    );

    app.get(
      '/admin/settings/enrollment',
      {
        schema: {
          tags,
          summary: 'How long enrollment codes and email links are valid',
          params: OrgParams,
          response: responses({ 200: SettingsBody }, ADMIN_ERRORS),
        },
      },
      async (request) => enrollmentSettingsView(orgOf(request)),
    );

    app.put(
      '/admin/settings/enrollment',
      {
        schema: {
          tags,
          summary: 'Change how long enrollment codes (seconds) and email links (days) are valid',
          params: OrgParams,
          body: Type.Object(
            {
              codeSeconds: Type.Optional(Type.Integer({ minimum: 30, maximum: 600 })),
              linkDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: SettingsBody }, ADMIN_ERRORS),
        },
      },
      async (request) => updateEnrollmentSettings(deps, orgOf(request), request.body, actorOf(request)),
    );
  };
}
