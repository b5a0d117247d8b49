import type { EnrollmentPurpose, Role } from '../db/types.js';
import { AppError, type ErrorCode } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { policyFor, type CountedPolicy } from '../policy/policy-for.js';
import type { Deps } from '../shared/deps.js';
import type { TxDeps } from '../shared/transaction.js';
import type { User } from '../users/users.js';

const RANK: Record<Role, number> = { member: 0, editor: 1, admin: 2, operator: 3 };

/** An admin acts on the accounts of users up to their own rank: only operators act on operators. */
export function requireAuthorityOver(actor: User, target: User): void {
  if (RANK[target.role] > RANK[actor.role]) throw new AppError('FORBIDDEN');
}

/** Why a code or link would be a way in beside one the member has (a passkey; a password, where it sets one up). */
function wayInBeside(policy: CountedPolicy, user: User): ErrorCode | null {
  if (policy.passkeyCount > 0) return 'USER_ALREADY_ENROLLED';
  if (!policy.passkeysOffered && user.password_hash !== null) return 'USER_HAS_PASSWORD';
  return null;
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
): Promise<void> {
  if (user.status !== 'active') throw new AppError('USER_NOT_FOUND');
  if (recovery) return;
  const beside = wayInBeside(await policyFor(deps, { org, user }), user);
  if (beside) throw new AppError(beside);
}

/**
 * requireEnrollable's check again, inside the issuing transaction on the member as read under their lock
 * (requireIssuerOver): a passkey registered, or a password set, since that check would otherwise sit beside a fresh
 * code or link.
 */
export async function requireStillPending(
  deps: TxDeps,
  { org, user, purpose }: { org: Organisation; user: User; purpose: EnrollmentPurpose },
): Promise<void> {
  if (purpose !== 'enroll') return;
  const beside = wayInBeside(await policyFor(deps, { org, user }), user);
  if (beside) throw new AppError(beside);
}
