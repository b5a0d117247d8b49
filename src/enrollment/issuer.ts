import { forShare } from '../db/locks.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import type { TxDeps } from '../shared/transaction.js';
import { isAdminRole, type User } from '../users/users.js';
import { requireAuthorityOver } from './enrollable.js';

/**
 * The admin handing out a way in (an enrollment code or link, a recovery, a new admin's setup link) or adding a
 * user, read again in the transaction that writes it, and held there until it commits. The request was let in on
 * what the admin was when it arrived; meanwhile another admin may have disabled, deleted or demoted them. That change
 * locks their row and voids what they issued (voidIssuedBy), but cannot see a code this transaction has not committed
 * yet: holding the row makes the two run one after the other, so either the code is committed first and voided with
 * the rest, or the admin is read as they now are and nothing is issued.
 * Null: no one to check (the CLI on the server, first start).
 */
export async function lockIssuer(
  deps: TxDeps,
  { actorId, org }: { actorId: string | null; org: Pick<Organisation, 'id'> },
): Promise<User | null> {
  if (actorId === null) return null;
  const issuer = await forShare(
    deps.db.selectFrom('users').selectAll().where('id', '=', actorId),
    deps.dialect,
  ).executeTakeFirst();
  // Deleted or disabled since: their sessions are gone, and their next request is answered as this one is.
  if (!issuer || issuer.status !== 'active') throw new AppError('UNAUTHENTICATED');
  // No longer an admin here (an operator acts in any organisation): what the admin pages now answer them.
  if (!isAdminRole(issuer.role) || (issuer.org_id !== org.id && issuer.role !== 'operator'))
    throw new AppError('FORBIDDEN');
  return issuer;
}

/** lockIssuer, and the issuer's authority over the member as they both are now (a role may have changed too). */
export async function requireIssuerOver(
  deps: TxDeps,
  { actorId, org, user }: { actorId: string | null; org: Organisation; user: User },
): Promise<void> {
  const issuer = await lockIssuer(deps, { actorId, org });
  if (issuer) requireAuthorityOver(issuer, user);
}
