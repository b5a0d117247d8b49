import { updateAudited } from '../audit/audited-write.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import type { User } from '../users/users.js';
import { policyFor } from './policy-for.js';

/** "Do this later": the optional prompt stays away for the organisation's snooze period. Not when it is mandatory. */
export async function snoozePasskeyPrompt(
  deps: Deps,
  { org, user, context }: { org: Organisation; user: User; context: RequestContext },
): Promise<number> {
  if ((await policyFor(deps, { org, user })).prompt === 'mandatory') throw new AppError('PASSKEY_SETUP_REQUIRED');
  const until = deps.clock() + org.prompt_snooze_days * 24 * 60 * 60 * 1000;
  await updateAudited(deps, {
    orgId: org.id,
    type: 'passkey_prompt.snoozed',
    userId: user.id,
    actorId: user.id,
    context,
    details: { days: org.prompt_snooze_days },
    update: { table: 'users', id: user.id, set: { passkey_prompt_snoozed_until: until, updated_at: deps.clock() } },
  });
  return until;
}
