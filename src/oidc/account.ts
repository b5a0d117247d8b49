import type { Account } from 'oidc-provider';
import { isAppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { getUser } from '../users/users.js';

/**
 * The member an app's token speaks for. `sub` is the user's id: stable, per organisation, never the
 * username (which an admin can change). A disabled or deleted member is no account at all.
 */
export async function findAccount(
  deps: Deps,
  { org, sub }: { org: Organisation; sub: string },
): Promise<Account | undefined> {
  let user;
  try {
    user = await getUser(deps, { orgId: org.id, userId: sub });
  } catch (err) {
    if (isAppError(err, 'USER_NOT_FOUND')) return undefined;
    throw err;
  }
  if (user.status !== 'active') return undefined;
  return {
    accountId: user.id,
    // Latchkey does not verify email addresses, so email_verified is never claimed.
    claims: async () => ({
      sub: user.id,
      preferred_username: user.username,
      name: user.display_name,
      ...(user.email ? { email: user.email } : {}),
    }),
  };
}
