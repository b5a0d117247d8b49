import type { Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { countPasskeys, type User } from '../users/users.js';
import { memberPolicy, type MemberPolicy } from './member-policy.js';

/** A member's policy with the passkey count it was decided on. */
export type CountedPolicy = MemberPolicy & { passkeyCount: number };

/** The member's policy, counting their passkeys (unless the count was just read: a signed-in request's). */
export async function policyFor(
  deps: Deps,
  { org, user, knownPasskeyCount }: { org: Organisation; user: User; knownPasskeyCount?: number },
): Promise<CountedPolicy> {
  const passkeyCount = knownPasskeyCount ?? (await countPasskeys(deps, { userId: user.id }));
  return { ...memberPolicy(org, user, passkeyCount, deps.clock()), passkeyCount };
}
