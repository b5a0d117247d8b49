import { forShare } from '../db/locks.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { isSessionLive } from '../sessions/sessions.js';
import type { TxDeps } from '../shared/transaction.js';
import { lockPasskeysOf, lockUser } from '../users/lock-user.js';
import { getUser, isAdminRole, type User } from '../users/users.js';
import { requireAuthorityOver } from './enrollable.js';

export interface IssuerInput {
  /** Null: no one to check (the CLI on the server, first start). */
  actorId: string | null;
  /** The session the admin acts in; none from the CLI. */
  sessionId: string | undefined;
  org: Pick<Organisation, 'id'>;
}

/**
 * The admin handing out a way in (an enrollment code or link, a recovery, a new admin's setup link) or adding a
 * user, read again in the transaction that writes it, and held there until it commits. The request was let in on
 * what the admin was when it arrived; meanwhile another admin may have disabled, deleted or demoted them, or signed
 * them out. That change locks their row and voids what they issued or were shown (voidIssuedBy, endShownIn), but
 * cannot see a code this transaction has not committed yet: holding the row makes the two run one after the other,
 * so either the code is committed first and voided with the rest, or the admin and their session are read as they
 * now are and nothing is issued.
 */
export async function lockIssuer(deps: TxDeps, { actorId, sessionId, org }: IssuerInput): Promise<User | null> {
  if (actorId === null) return null;
  const issuer = await forShare(
    deps.db.selectFrom('users').selectAll().where('id', '=', actorId),
    deps.dialect,
  ).executeTakeFirst();
  // Deleted or disabled since, or their session ended (a recovery of their lost phone, say): signed out.
  if (!issuer || issuer.status !== 'active') throw new AppError('UNAUTHENTICATED');
  if (sessionId && !(await isSessionLive(deps, { sessionId }))) throw new AppError('UNAUTHENTICATED');
  // No longer an admin here (an operator acts in any organisation): what the admin pages now answer them.
  if (!isAdminRole(issuer.role) || (issuer.org_id !== org.id && issuer.role !== 'operator'))
    throw new AppError('FORBIDDEN');
  return issuer;
}

/**
 * The members an admin acts on (lockUser; with their passkeys first, for a change that deletes them) and the admin
 * (lockIssuer), held in the order of their ids. Two admins acting on each other at once then wait for one another:
 * each holding the one the other wants next, PostgreSQL would end one of them as a deadlock.
 */
export async function lockMembersAndIssuer(
  deps: TxDeps,
  { memberIds, withPasskeys = false, ...issuer }: IssuerInput & { memberIds: string[]; withPasskeys?: boolean },
): Promise<User | null> {
  const ids = [...new Set(memberIds)].sort();
  if (withPasskeys) for (const userId of ids) await lockPasskeysOf(deps, { userId });
  // An admin among the members is held as a member first: a later FOR UPDATE after FOR SHARE could deadlock too.
  const { actorId } = issuer;
  const after = actorId === null ? -1 : ids.findIndex((id) => id > actorId);
  const before = after === -1 ? ids : ids.slice(0, after);
  for (const userId of before) await lockUser(deps, { userId });
  const locked = await lockIssuer(deps, issuer);
  for (const userId of ids.slice(before.length)) await lockUser(deps, { userId });
  return locked;
}

/**
 * lockMembersAndIssuer for one member, and the issuer's authority over them as both now are: the member read again
 * under the lock (a role, an address or a way in may have changed since the request read them) is returned.
 */
export async function requireIssuerOver(deps: TxDeps, { user, ...issuer }: IssuerInput & { user: User }) {
  const locked = await lockMembersAndIssuer(deps, { ...issuer, memberIds: [user.id] });
  const current = await getUser(deps, { orgId: issuer.org.id, userId: user.id });
  if (locked) requireAuthorityOver(locked, current);
  return current;
}
