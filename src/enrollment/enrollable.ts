import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { policyFor } from '../policy/policy-for.js';
import type { Deps } from '../shared/deps.js';
import type { User } from '../users/users.js';

/** An admin may start enrollment only for an active member to whom passkeys are offered. */
export async function requireEnrollable(deps: Deps, org: Organisation, user: User): Promise<void> {
  if (user.status !== 'active') throw new AppError('USER_NOT_FOUND');
  if (!(await policyFor(deps, org, user)).passkeysOffered) throw new AppError('PASSKEYS_NOT_OFFERED');
}
