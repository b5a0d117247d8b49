import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminUserView } from '../../admin/user-list.js';
import { requireRecentVerification } from '../../sessions/sessions.js';
import type { Deps } from '../../shared/deps.js';
import { deleteUser, disableUser, enableUser, updateUserProfile } from '../../users/lifecycle.js';
import { countPasskeys, normaliseIdentifier, type User } from '../../users/users.js';
import { actingUserOf, authOf, targetUser } from '../request-state.js';
import { OrgAndIdParams, routeSchemas } from '../schemas.js';
import {
  PatchAdminUsersId,
  PostAdminUsersIdDelete,
  PostAdminUsersIdDisable,
  PostAdminUsersIdEnable,
} from '../../users/schemas.js';

const doc = routeSchemas(['admin: users']);
const answer = async (deps: Deps, user: User) => ({
  user: adminUserView(user, await countPasskeys(deps, { userId: user.id })),
});

/**
 * A user's lifecycle: edit profile, disable, enable, delete. The caller has checked that the signed-in
 * user is an admin of this organisation; each action checks the admin's authority over the user.
 */
export function adminUserLifecycleRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.patch('/admin/users/:id', { schema: doc(PatchAdminUsersId, OrgAndIdParams) }, async (request) => {
      const { org, user } = await targetUser(deps, request, request.params.id);
      // A new role, or a new address (where enrollment and recovery links and the recovery notice go), is asked of
      // an admin who proved it is them minutes ago; a display name is not.
      const { role, email } = request.body;
      const newEmail =
        email !== undefined && (email === null ? null : normaliseIdentifier(email) || null) !== user.email;
      if ((role !== undefined && role !== user.role) || newEmail)
        requireRecentVerification(deps, { session: authOf(request).session });
      return answer(
        deps,
        await updateUserProfile(deps, { org, target: user, changes: request.body, by: actingUserOf(request) }),
      );
    });

    app.post(
      '/admin/users/:id/disable',
      { schema: doc(PostAdminUsersIdDisable, OrgAndIdParams), config: { requiresRecentVerification: true } },
      async (request) => {
        const { org, user } = await targetUser(deps, request, request.params.id);
        return answer(deps, await disableUser(deps, { org, target: user, by: actingUserOf(request) }));
      },
    );

    // Enabling gives back every way in the account had (one disabled as misused, say): a way in handed out.
    app.post(
      '/admin/users/:id/enable',
      { schema: doc(PostAdminUsersIdEnable, OrgAndIdParams), config: { requiresRecentVerification: true } },
      async (request) => {
        const { org, user } = await targetUser(deps, request, request.params.id);
        return answer(deps, await enableUser(deps, { org, target: user, by: actingUserOf(request) }));
      },
    );

    app.post(
      '/admin/users/:id/delete',
      { schema: doc(PostAdminUsersIdDelete, OrgAndIdParams), config: { requiresRecentVerification: true } },
      async (request) => {
        const { org, user } = await targetUser(deps, request, request.params.id);
        await deleteUser(deps, {
          org,
          target: user,
          confirmUsername: request.body.confirmUsername,
          by: actingUserOf(request),
        });
        return { ok: true as const };
      },
    );
  };
}
