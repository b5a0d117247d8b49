import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendEnrollmentEmails } from '../../enrollment/bulk-enrollment-emails.js';
import { requireRecentVerification } from '../../sessions/sessions.js';
import type { Deps } from '../../shared/deps.js';
import { importUsers } from '../../user-import/import-users.js';
import { actingUserOf, authOf, orgOf } from '../request-state.js';
import { OrgParams, routeSchemas } from '../schemas.js';
import { PostAdminUsersEnrollmentEmails, PostAdminUsersImport } from '../../user-import/schemas.js';

const doc = routeSchemas(['admin: users']);
/**
 * A string or null as one JSON type list, not anyOf: the answer may hold 10,000 rows, and the
 * serializer checks every anyOf branch of every row with a validator.
 */
/** Bulk actions on the Users page: import from a CSV, send enrollment emails to the selected users. */
export function adminUserImportRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/admin/users/import',
      {
        // A CSV of 10,000 users, JSON-escaped; the file's own limit (2 MiB) is checked with a clear code.
        bodyLimit: 5 * 1024 * 1024,
        schema: doc(PostAdminUsersImport, OrgParams),
      },
      async (request) => {
        const { csv, dryRun, sendEnrollmentEmail = false, templateId } = request.body;
        // Links to many accounts at once: only from an admin who proved it is them minutes ago.
        if (sendEnrollmentEmail && !dryRun) requireRecentVerification(deps, { session: authOf(request).session });
        return importUsers(deps, {
          org: orgOf(request),
          csv,
          dryRun,
          sendEnrollmentEmail,
          templateId,
          by: { ...actingUserOf(request), session: authOf(request).session },
        });
      },
    );

    app.post(
      '/admin/users/enrollment-emails',
      { schema: doc(PostAdminUsersEnrollmentEmails, OrgParams), config: { requiresRecentVerification: true } },
      async (request) => {
        const results = await sendEnrollmentEmails(deps, {
          ...request.body,
          org: orgOf(request),
          by: actingUserOf(request),
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
