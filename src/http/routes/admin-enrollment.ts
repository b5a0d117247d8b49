import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { requireEnrollable } from '../../enrollment/enrollable.js';
import { issueEnrollmentCode } from '../../enrollment/enrollment-codes.js';
import { sendEnrollmentEmail } from '../../enrollment/enrollment-email.js';
import { enrollmentSettingsView, updateEnrollmentSettings } from '../../enrollment/settings.js';
import { recoverAccount } from '../../recovery/recover-account.js';
import type { Deps } from '../../shared/deps.js';
import { actorOf, orgOf, targetUser } from '../request-state.js';
import {
  GetAdminSettingsEnrollment,
  PostAdminUsersIdEnrollmentCode,
  PostAdminUsersIdEnrollmentEmail,
  PostAdminUsersIdRecover,
  PutAdminSettingsEnrollment,
} from '../../enrollment/schemas.js';
import { OrgAndIdParams, OrgParams, routeSchemas } from '../schemas.js';

const doc = routeSchemas(['admin: enrollment and recovery']);

/** "Enroll a Passkey" (email or 9-character code) and "Recover account" on a user's page. */
export function adminEnrollmentRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const enrollable = async (request: FastifyRequest, userId: string) => {
    const { org, user } = await targetUser(deps, request, userId);
    await requireEnrollable(deps, { org, user });
    return { org, user };
  };

  return async (app) => {
    app.post(
      '/admin/users/:id/enrollment-code',
      { schema: doc(PostAdminUsersIdEnrollmentCode, OrgAndIdParams), config: { requiresRecentVerification: true } },
      async (request) => {
        const { org, user } = await enrollable(request, request.params.id);
        return issueEnrollmentCode(deps, { org, user, actor: actorOf(request) });
      },
    );

    app.post(
      '/admin/users/:id/enrollment-email',
      { schema: doc(PostAdminUsersIdEnrollmentEmail, OrgAndIdParams), config: { requiresRecentVerification: true } },
      async (request) => {
        const { org, user } = await enrollable(request, request.params.id);
        return sendEnrollmentEmail(deps, { org, user, templateId: request.body.templateId, actor: actorOf(request) });
      },
    );

    app.post(
      '/admin/users/:id/recover',
      {
        schema: doc(PostAdminUsersIdRecover, OrgAndIdParams),
        // A way into someone's account is handed out only by an admin who proved it is them minutes ago.
        config: { requiresRecentVerification: true },
      },
      async (request) => {
        const { org, user } = await targetUser(deps, request, request.params.id);
        return recoverAccount(deps, { ...request.body, org, user, actor: actorOf(request) });
      },
    );

    app.get('/admin/settings/enrollment', { schema: doc(GetAdminSettingsEnrollment, OrgParams) }, async (request) =>
      enrollmentSettingsView(orgOf(request)),
    );

    // How long links and codes last, operators' own too in `platform`: only an operator changes that there. Longer
    // lasting ways in are asked of an admin who proved it is them minutes ago.
    app.put(
      '/admin/settings/enrollment',
      {
        schema: doc(PutAdminSettingsEnrollment, OrgParams),
        config: { platformOperatorsOnly: true, requiresRecentVerification: true },
      },
      async (request) =>
        updateEnrollmentSettings(deps, { org: orgOf(request), changes: request.body, actor: actorOf(request) }),
    );
  };
}
