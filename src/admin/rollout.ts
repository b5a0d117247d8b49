import type { AuditType } from '../audit/schemas.js';
import type { Organisation } from '../orgs/organisations.js';
import { policyView } from '../policy/update-policy.js';
import type { Deps } from '../shared/deps.js';
import { countPasskeys, type User } from '../users/users.js';
import { listActivity, type ActivityReader } from './activity.js';
import { enrollmentCounts } from './user-list.js';
import { NEXT_STEPS } from './schemas.js';

export type NextStep = (typeof NEXT_STEPS)[number];

/** What an admin watches on the admin home: possible cloned keys, recoveries, password lock-outs. */
export const SECURITY_EVENT_TYPES: readonly AuditType[] = [
  'passkey.counter_regressed',
  'recovery.started',
  'sign_in.password_locked',
];
const SECURITY_EVENTS_SHOWN = 5;
const SECURITY_EVENTS_DAYS = 30;

export function nextStep(
  policy: ReturnType<typeof policyView>,
  counts: { pending: number },
  adminHasPasskey: boolean,
): NextStep {
  if (!policy.passkeysAvailable) return 'ask-operator';
  if (!policy.passkeysEnabled) return 'turn-on';
  if (!adminHasPasskey) return 'try-yourself';
  if (policy.rollout === 'admins') return 'pilot';
  if (policy.rollout === 'pilot') return 'everyone';
  return counts.pending > 0 ? 'remind-pending' : 'done';
}

/** The admin home's rollout card: the policy, where the rollout stands and what to do next. Two queries. */
export async function rolloutOverview(deps: Deps, { org, admin }: { org: Organisation; admin: User }) {
  const [counts, ownPasskeys] = await Promise.all([
    enrollmentCounts(deps, { org }),
    countPasskeys(deps, { userId: admin.id }),
  ]);
  const policy = policyView(org);
  return {
    passkeysAvailable: policy.passkeysAvailable,
    passkeysEnabled: policy.passkeysEnabled,
    passkeysMandatory: policy.passkeysMandatory,
    passwordFallback: policy.passwordFallback,
    rollout: policy.rollout,
    members: counts.all,
    enrolled: counts.enrolled,
    pending: counts.pending,
    // Rounded down: "100 %" only when nobody is left.
    percent: counts.all === 0 ? 0 : Math.floor((counts.enrolled * 100) / counts.all),
    adminHasPasskey: ownPasskeys > 0,
    nextStep: nextStep(policy, counts, ownPasskeys > 0),
  };
}

/** The last few security events of the past month, newest first. */
export async function recentSecurityEvents(deps: Deps, { org, viewer }: ActivityReader) {
  const { events } = await listActivity(deps, {
    org,
    viewer,
    query: {
      types: SECURITY_EVENT_TYPES,
      from: deps.clock() - SECURITY_EVENTS_DAYS * 24 * 60 * 60 * 1000,
      limit: SECURITY_EVENTS_SHOWN,
    },
  });
  return events.map(({ userAgent: _userAgent, ...event }) => event);
}
