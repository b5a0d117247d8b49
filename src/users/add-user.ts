import { requireAuthorityOver } from '../enrollment/enrollable.js';
import { lockIssuer } from '../enrollment/issuer.js';
import type { Deps } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import { createUser, type CreateUserInput, type User } from './users.js';

/**
 * An admin's "Add user": the admin read again in the transaction that writes the user, and held until it commits
 * (lockIssuer). The request was let in on what the admin was when it arrived; one demoted or disabled since is
 * refused as their next request would be, and no Pending user is left behind. No password: its hash would be
 * computed while the admin's row is held.
 */
export function addUser(
  deps: Deps,
  input: Omit<CreateUserInput, 'password'> & { actorId: string; actorSessionId?: string },
): Promise<User> {
  return inTransaction(deps, async (tx) => {
    const creator = await lockIssuer(tx, { actorId: input.actorId, sessionId: input.actorSessionId, org: input.org });
    // No role above their own: what the admin may give as they are now.
    if (creator) requireAuthorityOver(creator, { ...creator, role: input.role ?? 'member' });
    return createUser(tx, input);
  });
}
