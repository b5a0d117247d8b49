import { updateAudited } from '../audit/audited-write.js';
import type { OrganisationsTable, Role } from '../db/types.js';
import { forUpdate } from '../db/locks.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import { fromFlag, toFlag } from '../shared/flags.js';
import { requirePolicyAuthority } from './policy-authority.js';
import { ROLLOUTS } from './schemas.js';

// The CLI and the tests read the rollouts here, beside the policy they belong to.
export { ROLLOUTS };

export type Rollout = (typeof ROLLOUTS)[number];

export interface PolicyChanges {
  /** The operator's gate; admins cannot change it. */
  passkeysAvailable?: boolean;
  passkeysEnabled?: boolean;
  /** Force Passkey Setup. */
  passkeysMandatory?: boolean;
  /** Allow password sign-in for members who have a passkey. */
  passwordFallback?: boolean;
  rollout?: Rollout;
  promptSnoozeDays?: number;
  /** Known and unknown usernames get the same answers at sign-in. */
  hideAccountExistence?: boolean;
}

export interface PasskeyPolicyView {
  passkeysAvailable: boolean;
  passkeysEnabled: boolean;
  passkeysMandatory: boolean;
  passwordFallback: boolean;
  rollout: Rollout;
  promptSnoozeDays: number;
  hideAccountExistence: boolean;
}

export function policyView(org: Organisation): PasskeyPolicyView {
  return {
    passkeysAvailable: fromFlag(org.passkeys_available),
    passkeysEnabled: fromFlag(org.passkeys_enabled),
    passkeysMandatory: fromFlag(org.passkeys_mandatory),
    passwordFallback: fromFlag(org.password_fallback),
    rollout: org.rollout,
    promptSnoozeDays: org.prompt_snooze_days,
    hideAccountExistence: fromFlag(org.hide_account_existence),
  };
}

export interface UpdatePasskeyPolicyInput {
  org: Organisation;
  changes: PolicyChanges;
  actor: { actorId: string | null; context?: RequestContext; via: 'operator' | 'admin' | 'cli'; role?: Role };
}

/**
 * Changes an organisation's passkey policy, audited field by field (before → after).
 * It takes effect at members' next sign-in; stored passkeys are never deleted by it.
 */
export async function updatePasskeyPolicy(
  deps: Deps,
  { org, changes, actor }: UpdatePasskeyPolicyInput,
): Promise<PasskeyPolicyView> {
  if (actor.via === 'admin') requirePolicyAuthority(org, actor.role);
  return inTransaction(deps, async (tx) => {
    // Read the row again under a lock: a change made since the request began (the operator withdrawing
    // passkeys, another admin's save) must be neither undone nor misreported. SQLite serialises writers.
    const query = tx.db.selectFrom('organisations').selectAll().where('id', '=', org.id);
    const before = policyView(await forUpdate(query, deps.dialect).executeTakeFirstOrThrow());
    const after: PasskeyPolicyView = {
      ...before,
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
    };
    if (!ROLLOUTS.includes(after.rollout)) throw new AppError('VALIDATION_FAILED', { details: { field: 'rollout' } });
    if (!Number.isInteger(after.promptSnoozeDays) || after.promptSnoozeDays < 1 || after.promptSnoozeDays > 365) {
      throw new AppError('VALIDATION_FAILED', {
        details: { field: 'promptSnoozeDays', rule: 'whole days from 1 to 365' },
      });
    }
    // Only the operator can make passkeys available; an admin cannot switch on what is not there.
    if (after.passkeysEnabled && !after.passkeysAvailable && changes.passkeysEnabled)
      throw new AppError('PASSKEYS_NOT_AVAILABLE');

    const changed = (Object.keys(after) as Array<keyof PasskeyPolicyView>).filter((key) => after[key] !== before[key]);
    if (changed.length === 0) return before;
    const columns: { [K in keyof PasskeyPolicyView]: Partial<OrganisationsTable> } = {
      passkeysAvailable: { passkeys_available: toFlag(after.passkeysAvailable) },
      passkeysEnabled: { passkeys_enabled: toFlag(after.passkeysEnabled) },
      passkeysMandatory: { passkeys_mandatory: toFlag(after.passkeysMandatory) },
      passwordFallback: { password_fallback: toFlag(after.passwordFallback) },
      rollout: { rollout: after.rollout },
      promptSnoozeDays: { prompt_snooze_days: after.promptSnoozeDays },
      hideAccountExistence: { hide_account_existence: toFlag(after.hideAccountExistence) },
    };
    const details: Record<string, string> = { via: actor.via };
    for (const key of changed) details[key] = `${before[key]} → ${after[key]}`;
    await updateAudited(tx, {
      orgId: org.id,
      type: 'policy.changed',
      actorId: actor.actorId,
      context: actor.context,
      details,
      // Only what this change touches is written.
      update: {
        table: 'organisations',
        id: org.id,
        set: Object.assign({}, ...changed.map((key) => columns[key])) as Partial<OrganisationsTable>,
      },
    });
    return after;
  });
}
