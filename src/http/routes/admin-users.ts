import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listUsers, adminUserView } from '../../admin/user-list.js';
import { userDetail } from '../../admin/user-detail.js';
import { deletePasskey } from '../../passkeys/manage.js';
import { endSessions } from '../../sign-in/end-sessions.js';
import type { Deps } from '../../shared/deps.js';
import { requireRecentVerification } from '../../sessions/sessions.js';
import { isAdminRole } from '../../users/users.js';
import { addUser } from '../../users/add-user.js';
import { actorOf, authOf, orgOf, targetUser } from '../request-state.js';
import {
  DeleteAdminUsersIdPasskeysPasskeyId,
  GetAdminUsers,
  GetAdminUsersId,
  PostAdminUsers,
  PostAdminUsersIdSignOutEverywhere,
} from '../../admin/schemas.js';
import { OrgAndIdParams, OrgParams, routeSchemas } from '../schemas.js';

const doc = routeSchemas(['admin: users']);
const UserAndPasskeyParams = Type.Object({ ...OrgAndIdParams.properties, passkeyId: Type.String({ format: 'uuid' }) });

/** Users and a user's page. The caller has checked that the signed-in user is an admin of this organisation. */
export function adminUserRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/admin/users', { schema: doc(GetAdminUsers, OrgParams) }, async (request) => {
      const { q, status, after, limit } = request.query;
      return listUsers(deps, {
        org: orgOf(request),
        query: { q, status, after, limit: limit ? Number(limit) : undefined },
      });
    });

    app.post('/admin/users', { schema: doc(PostAdminUsers, OrgParams) }, async (request) => {
      // A new admin is a way into the console once enrolled: asked of an admin who proved it is them minutes ago.
      if (isAdminRole(request.body.role)) requireRecentVerification(deps, { session: authOf(request).session });
      const user = await addUser(deps, {
        org: orgOf(request),
        ...request.body,
        ...actorOf(request),
      });
      return { user: adminUserView(user, 0) };
    });

    // A user's page (their sessions and addresses, their activity) follows the authority to act on them: a
    // platform admin, who may not act on an operator, does not read one either.
    app.get('/admin/users/:id', { schema: doc(GetAdminUsersId, OrgAndIdParams) }, async (request) =>
      userDetail(deps, { ...(await targetUser(deps, request, request.params.id)), viewer: authOf(request).user.role }),
    );

    app.delete(
      '/admin/users/:id/passkeys/:passkeyId',
      {
        schema: doc(DeleteAdminUsersIdPasskeysPasskeyId, UserAndPasskeyParams),
        // Destructive: a stolen or unattended admin session must prove it is the admin first.
        config: { requiresRecentVerification: true },
      },
      async (request) => {
        const { org, user } = await targetUser(deps, request, request.params.id);
        await deletePasskey(deps, {
          org,
          user,
          passkeyId: request.params.passkeyId,
          ...actorOf(request),
          askingSessionId: authOf(request).session.id,
        });
        return { ok: true as const };
      },
    );

    app.post(
      '/admin/users/:id/sign-out-everywhere',
      { schema: doc(PostAdminUsersIdSignOutEverywhere, OrgAndIdParams), config: { requiresRecentVerification: true } },
      async (request) => {
        const { org, user } = await targetUser(deps, request, request.params.id);
        const revoked = await endSessions(deps, {
          org,
          userId: user.id,
          reason: 'revoked_by_admin',
          ...actorOf(request),
        });
        return { revoked };
      },
    );
  };
}
