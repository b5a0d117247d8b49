import type { EnrollmentPurpose, Role } from '../db/types.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { passkeyAddedSince } from '../passkeys/manage.js';
import { policyFor, type CountedPolicy } from '../policy/policy-for.js';
import type { Deps } from '../shared/deps.js';
import type { TxDeps } from '../shared/transaction.js';
import type { User } from '../users/users.js';

const RANK: Record<Role, number> = { member: 0, editor: 1, admin: 2, operator: 3 };

/** An admin acts on the accounts of users up to their own rank: only operators act on operators. */
export function requireAuthorityOver(actor: User, target: User): void {
  if (RANK[target.role] > RANK[actor.role]) throw new AppError('FORBIDDEN');
}

/**
 * An admin may start enrollment only for an active member, and — except in a recovery, which first removes what
 * they had — only while they have no way in that the link or code would add to: no passkey, and, where passkeys
 * are not offered to them (the link or code then sets up a password), no password either. A member the rollout
 * has not reached yet is never stranded: they are given a password instead of a passkey.
 */
export async function requireEnrollable(
  deps: Deps,
  { org, user, recovery = false }: { org: Organisation; user: User; recovery?: boolean },
): Promise<CountedPolicy> {
  if (user.status !== 'active') throw new AppError('USER_NOT_FOUND');
  const policy = await policyFor(deps, { org, user });
  if (recovery) return policy;
  if (policy.passkeyCount > 0) throw new AppError('USER_ALREADY_ENROLLED');
  if (!policy.passkeysOffered && user.password_hash !== null) throw new AppError('USER_HAS_PASSWORD');
  return policy;
}

/**
 * requireEnrollable's Pending check again, inside the issuing transaction after lockUser: a passkey
 * registered since that check would otherwise sit beside a fresh code or link.
 */
export async function requireStillPending(
  deps: TxDeps,
  { userId, purpose }: { userId: string; purpose: EnrollmentPurpose },
): Promise<void> {
  if (purpose === 'enroll' && (await passkeyAddedSince(deps, { userId }))) throw new AppError('USER_ALREADY_ENROLLED');
}
