import { lockRow } from '../db/locks.js';
import { findInOrg } from '../db/org-rows.js';
import type { Role } from '../db/types.js';
import { requireAuthorityOver } from '../enrollment/enrollable.js';
import { lockMembersAndIssuer } from '../enrollment/issuer.js';
import { AppError } from '../errors.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import { ADMIN_ROLES, isAdminRole, type User } from './users.js';

/** Who changes an account: an admin in the console or API, or the CLI on the server (null: any account). */
export interface LifecycleActor {
  actor: User | null;
  /** The session they act in: one ended since their request was let in changes nothing. None from the CLI. */
  sessionId?: string;
  context?: RequestContext;
}

/**
 * An admin acts only on accounts up to their own rank, gives no role above it, and never disables,
 * deletes or changes the role of their own account (another admin does: no one locks themselves out).
 */
export function requireLifecycleAuthority(
  by: LifecycleActor,
  target: User,
  change: { role?: Role; selfAllowed?: boolean },
): void {
  if (!by.actor) return;
  requireAuthorityOver(by.actor, target);
  if (change.role !== undefined) requireAuthorityOver(by.actor, { ...target, role: change.role });
  if (!change.selfAllowed && by.actor.id === target.id) throw new AppError('CANNOT_CHANGE_OWN_ACCOUNT');
}

/**
 * Refuses a change that would leave the organisation without an active administrator, or the platform without an
 * operator (its admins cannot run it): disabling or deleting `target`, or giving them `newRole`. Call in
 * changeAccount with the organisation locked.
 */
export async function requireAnotherAdmin(
  deps: TxDeps,
  { target, newRole }: { target: User; newRole?: Role },
): Promise<void> {
  if (target.status !== 'active') return;
  const needed: readonly Role[] | null =
    target.role === 'operator' && newRole !== 'operator'
      ? ['operator']
      : isAdminRole(target.role) && !(newRole && isAdminRole(newRole))
        ? ADMIN_ROLES
        : null;
  if (!needed) return;
  const others = await deps.db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', target.org_id)
    .where('id', '!=', target.id)
    .where('status', '=', 'active')
    .where('role', 'in', needed)
    .limit(1)
    .execute();
  if (others.length === 0) throw new AppError('LAST_ADMIN');
}

interface AccountChange {
  orgId: string;
  target: User;
  lockOrganisation: boolean;
  deletesPasskeys?: boolean;
  /** Who changes it, and what: their authority is checked again on the target as it is now. */
  by: LifecycleActor;
  change?: { role?: Role; selfAllowed?: boolean };
}

/**
 * Runs an account change in one transaction, on the target locked and read as it is now (a request may
 * carry a stale copy). `lockOrganisation` also locks the organisation's row first, for a change that may
 * take an administrator: two admins demoting each other then run one after the other, and cannot both pass.
 * `deletesPasskeys` locks the target's passkeys before the target. The acting admin is read again too, holding their
 * row in id order with the target's (lockMembersAndIssuer): one disabled, deleted, demoted or signed out since their
 * request was let in is refused, and their authority is checked, as they now are, on the target as it now is.
 */
export async function changeAccount<T>(
  deps: Deps,
  { orgId, target, lockOrganisation, deletesPasskeys = false, by, change: asked = {} }: AccountChange,
  change: (tx: TxDeps, user: User) => Promise<T>,
): Promise<T> {
  return inTransaction(deps, async (tx) => {
    if (lockOrganisation) await lockRow(tx.db, tx.dialect, 'organisations', orgId);
    const actor = await lockMembersAndIssuer(tx, {
      memberIds: [target.id],
      withPasskeys: deletesPasskeys,
      actorId: by.actor?.id ?? null,
      sessionId: by.sessionId,
      org: { id: orgId },
    });
    const user = await findInOrg(tx.db, { table: 'users', orgId: target.org_id, id: target.id });
    if (!user) throw new AppError('USER_NOT_FOUND');
    // The request checked the copies it read: the target may have been made an operator since, the actor a member.
    requireLifecycleAuthority({ ...by, actor }, user, asked);
    return change(tx, user);
  });
}
