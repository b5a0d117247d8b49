import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listUsers, adminUserView } from '../../admin/user-list.js';
import { userDetail } from '../../admin/user-detail.js';
import { deletePasskey } from '../../passkeys/manage.js';
import { endSessions } from '../../sign-in/end-sessions.js';
import { requireRecentVerification } from '../../sessions/sessions.js';
import type { Deps } from '../../shared/deps.js';
import { createUser, getUser } from '../../users/users.js';
import { authOf, orgOf, requestContext, targetUser } from '../request-state.js';
import {
  DeleteAdminUsersIdPasskeysPasskeyId,
  GetAdminUsers,
  GetAdminUsersId,
  PostAdminUsers,
  PostAdminUsersIdSignOutEverywhere,
} from '../../admin/schemas.js';
import { OrgAndIdParams, OrgParams, replies } from '../schemas.js';

const tags = ['admin: users'];
const UserAndPasskeyParams = Type.Object({ ...OrgAndIdParams.properties, passkeyId: Type.String({ format: 'uuid' }) });

/** Users and a user's page. The caller has checked that the signed-in user is an admin of this organisation. */
export function adminUserRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/admin/users',
      {
        schema: {
          tags,
          summary:
            'Users with their enrollment status ("Enrolled": has a passkey; "Pending": none), ' +
            'searched and paged on the server',
          params: OrgParams,
          querystring: GetAdminUsers.query,
          response: replies(GetAdminUsers),
        },
      },
      async (request) => {
        const { q, status, after, limit } = request.query;
        return listUsers(deps, {
          org: orgOf(request),
          query: { q, status, after, limit: limit ? Number(limit) : undefined },
        });
      },
    );

    app.post(
      '/admin/users',
      {
        schema: {
          tags,
          summary: 'Add a user (they start Pending; enroll them by email or code)',
          params: OrgParams,
          body: PostAdminUsers.body,
          response: replies(PostAdminUsers),
        },
      },
      async (request) => {
        const user = await createUser(deps, {
          org: orgOf(request),
          ...request.body,
          actorId: authOf(request).user.id,
          context: requestContext(request),
        });
        return { user: adminUserView(user, 0) };
      },
    );

    app.get(
      '/admin/users/:id',
      {
        schema: {
          tags,
          summary: "A user's page: profile, passkeys, sessions, recent activity, enrollment emails",
          params: OrgAndIdParams,
          response: replies(GetAdminUsersId),
        },
      },
      async (request) => {
        const org = orgOf(request);
        return userDetail(deps, { org, user: await getUser(deps, { orgId: org.id, userId: request.params.id }) });
      },
    );

    app.delete(
      '/admin/users/:id/passkeys/:passkeyId',
      {
        schema: {
          tags,
          summary:
            "Delete one of the user's passkeys (never their last way to sign in: use Recover account for that; " +
            'needs a verification in the last 5 minutes)',
          params: UserAndPasskeyParams,
          response: replies(DeleteAdminUsersIdPasskeysPasskeyId),
        },
      },
      async (request) => {
        // Destructive: a stolen or unattended admin session must prove it is the admin first.
        requireRecentVerification(deps, authOf(request).session);
        const { user } = await targetUser(deps, request, request.params.id);
        await deletePasskey(deps, {
          user,
          passkeyId: request.params.passkeyId,
          context: requestContext(request),
          actorId: authOf(request).user.id,
        });
        return { ok: true as const };
      },
    );

    app.post(
      '/admin/users/:id/sign-out-everywhere',
      {
        schema: {
          tags,
          summary: 'Sign the user out of every session (needs a verification in the last 5 minutes)',
          params: OrgAndIdParams,
          response: replies(PostAdminUsersIdSignOutEverywhere),
        },
      },
      async (request) => {
        requireRecentVerification(deps, authOf(request).session);
        const { org, user } = await targetUser(deps, request, request.params.id);
        const revoked = await endSessions(deps, {
          org,
          userId: user.id,
          reason: 'revoked_by_admin',
          actorId: authOf(request).user.id,
          context: requestContext(request),
        });
        return { revoked };
      },
    );
  };
}
