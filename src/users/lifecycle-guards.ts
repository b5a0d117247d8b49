import type { Transaction } from 'kysely';
import type { DB, Role } from '../db/types.js';
import { requireAuthorityOver } from '../enrollment/enrollable.js';
import { AppError } from '../errors.js';
import type { Deps, RequestContext } from '../shared/deps.js';
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
 * Serialises changes to who administers an organisation (PostgreSQL: a row lock on the organisation;
 * SQLite runs one write transaction at a time), so two admins demoting each other cannot both pass.
 */
export async function lockOrganisation(trx: Transaction<DB>, deps: Deps, orgId: string): Promise<void> {
  if (deps.dialect === 'postgres')
    await trx.selectFrom('organisations').select('id').where('id', '=', orgId).forUpdate().execute();
}

/** Refuses a change that would leave the organisation without an active administrator. Call under lockOrganisation. */
export async function requireAnotherAdmin(trx: Transaction<DB>, target: User): Promise<void> {
  if (!isAdminRole(target.role) || target.status !== 'active') return;
  const others = await trx
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
export async function currentUser(trx: Transaction<DB>, target: User): Promise<User> {
  const user = await trx
    .selectFrom('users')
    .selectAll()
    .where('id', '=', target.id)
    .where('org_id', '=', target.org_id)
    .executeTakeFirst();
  if (!user) throw new AppError('USER_NOT_FOUND');
  return user;
}
