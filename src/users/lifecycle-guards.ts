import { lockRow } from '../db/locks.js';
import type { Role } from '../db/types.js';
import { requireAuthorityOver } from '../enrollment/enrollable.js';
import { AppError } from '../errors.js';
import type { RequestContext } from '../shared/deps.js';
import type { TxDeps } from '../shared/transaction.js';
import type { User } from './users.js';

/** Who changes an account: an admin in the console or API, or the CLI on the server (null: any account). */
export interface LifecycleActor {
  actor: User | null;
  context?: RequestContext;
}

const ADMIN_ROLES: readonly Role[] = ['admin', 'operator'];

export const isAdminRole = (role: Role) => ADMIN_ROLES.includes(role);

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
 * Serialises changes to who administers an organisation (a lock on its row), so two admins demoting
 * each other cannot both pass.
 */
export async function lockOrganisation(deps: TxDeps, { orgId }: { orgId: string }): Promise<void> {
  await lockRow(deps.db, deps.dialect, 'organisations', orgId);
}

/** Refuses a change that would leave the organisation without an active administrator. Call under lockOrganisation. */
export async function requireAnotherAdmin(deps: TxDeps, { target }: { target: User }): Promise<void> {
  if (!isAdminRole(target.role) || target.status !== 'active') return;
  const others = await deps.db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', target.org_id)
    .where('id', '!=', target.id)
    .where('status', '=', 'active')
    .where('role', 'in', ADMIN_ROLES)
    .limit(1)
    .execute();
  if (others.length === 0) throw new AppError('LAST_ADMIN');
}

/** The target as it is now, inside the transaction (a request may carry a stale copy). */
export async function currentUser(deps: TxDeps, { target }: { target: User }): Promise<User> {
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', target.id)
    .where('org_id', '=', target.org_id)
    .executeTakeFirst();
  if (!user) throw new AppError('USER_NOT_FOUND');
  return user;
}
