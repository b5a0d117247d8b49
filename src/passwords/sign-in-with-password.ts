import { recordAudit } from '../audit/record-audit.js';
import type { Config } from '../config.js';
import { AppError, isAppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { policyFor, type CountedPolicy } from '../policy/policy-for.js';
import type { BackoffRule } from '../shared/counter-store.js';
import { consumeAttempt, consumeBackoff } from '../ratelimit/limit.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { fromFlag } from '../shared/flags.js';
import { findUserByIdentifier, normaliseIdentifier, type User } from '../users/users.js';
import { hashQueueFor, type HashSlot } from './hash-queue.js';
import { verifyPassword } from './passwords.js';
import { trustedDeviceFor } from './trusted-devices.js';
import { limitedAddress } from '../ratelimit/address.js';

export interface PasswordSignInInput {
  org: Organisation;
  identifier: string;
  password: string;
  context: RequestContext;
  /** The browser's device cookie tokens (OWASP "device cookies"). */
  deviceTokens: string[];
}

/** The member whose password was right, and their policy (read once for the whole sign-in). */
export interface CheckedPassword {
  user: User;
  policy: CountedPolicy;
}

/** N attempts, then a lock of one window that doubles with each further failure, up to the maximum. */
export function passwordBackoff(config: Config): BackoffRule {
  return {
    free: config.passwordAttemptsPerAccount,
    baseMs: config.passwordAttemptWindowMinutes * 60 * 1000,
    maxMs: config.passwordLockoutMaxMinutes * 60 * 1000,
  };
}

/** The budget of unknown browsers for one account (by user id; an unknown account by what was typed). */
const unknownBrowsersKey = (orgId: string, userIdOrIdentifier: string) => `pw:acct:${orgId}:${userIdOrIdentifier}`;

/**
 * Where the organisation hides who has an account, the budget is what was typed, known account or not: an account's
 * username and email sharing one would tell a stranger who locked one that the other is the same account.
 */
const budgetOf = (org: Organisation, user: User | undefined, identifier: string) =>
  unknownBrowsersKey(org.id, fromFlag(org.hide_account_existence) || !user ? identifier : user.id);

/**
 * Checks a password sign-in. Limits are counted before argon2 runs, so a flood costs the attacker, not us.
 * A browser that signed in as this user before spends its own budget: strangers' failures never lock it out.
 */
export async function checkPasswordSignIn(deps: Deps, input: PasswordSignInInput): Promise<CheckedPassword> {
  // A place for the argon2 check is taken first: a sign-in refused as busy has counted and written nothing.
  const slot = hashQueueFor(deps.config).reserve();
  try {
    return await checkWithSlot(deps, { input, slot });
  } finally {
    slot.release();
  }
}

async function checkWithSlot(
  deps: Deps,
  { input, slot }: { input: PasswordSignInInput; slot: HashSlot },
): Promise<CheckedPassword> {
  const { org, context } = input;
  const hidden = fromFlag(org.hide_account_existence);
  const identifier = normaliseIdentifier(input.identifier);
  const user = await findUserByIdentifier(deps, { orgId: org.id, identifier, includeDisabled: true });
  const fail = async (reason: string) =>
    recordAudit(deps, {
      orgId: org.id,
      type: 'sign_in.failed',
      userId: user?.id ?? null,
      context,
      details: { method: 'password', reason },
    });

  const deviceId = user ? await trustedDeviceFor(deps, { user, tokens: input.deviceTokens }) : null;
  const budgetKey = deviceId ? `pw:dev:${deviceId}` : budgetOf(org, user, identifier);
  let lockedUntil: number;
  try {
    if (!deviceId && context.ip) {
      await consumeAttempt(
        deps,
        `pw:ip:${limitedAddress(context.ip)}`,
        deps.config.passwordAttemptsPerIp,
        deps.config.passwordAttemptWindowMinutes * 60 * 1000,
      );
    }
    ({ lockedUntil } = await consumeBackoff(deps.counters, budgetKey, passwordBackoff(deps.config), deps.clock()));
  } catch (err) {
    if (isAppError(err, 'RATE_LIMITED')) await fail('rate_limited');
    throw err;
  }

  // Read once: the sign-in it completes uses the same (completeSignIn).
  const policy = user && user.password_hash !== null ? await policyFor(deps, { org, user }) : undefined;
  const disabled = policy !== undefined && !policy.passwordAllowed;
  // Checked before the password, so the answer never tells whether a password was right. When the
  // organisation hides who has an account, this refusal is the same as any other, after the same hashing.
  if (disabled && !hidden) {
    await fail('password_sign_in_disabled');
    throw new AppError('PASSWORD_SIGN_IN_DISABLED');
  }

  const ok = await slot.run(() => verifyPassword(user?.password_hash ?? null, input.password));
  if (!user || !policy || !ok || disabled) {
    await fail(!user ? 'unknown_account' : disabled ? 'password_sign_in_disabled' : 'wrong_password');
    if (user && lockedUntil > deps.clock()) {
      await recordAudit(deps, {
        orgId: org.id,
        type: 'sign_in.password_locked',
        userId: user.id,
        context,
        details: { scope: deviceId ? 'this_browser' : 'unknown_browsers', until: lockedUntil },
      });
    }
    throw new AppError('INVALID_CREDENTIALS');
  }
  await deps.counters.clearBackoff(budgetKey);
  // Said only to someone who knew the password: a stranger learns nothing about the account.
  if (user.status !== 'active') {
    await fail('account_disabled');
    throw new AppError('ACCOUNT_DISABLED');
  }
  return { user, policy };
}

/** When password sign-in from unknown browsers is locked for this user, until when; null when it is not. */
export async function passwordLockedUntil(
  deps: Deps,
  { org, user }: { org: Organisation; user: User },
): Promise<number | null> {
  const budgets = fromFlag(org.hide_account_existence)
    ? [user.username, user.email].flatMap((typed) => (typed ? [normaliseIdentifier(typed)] : []))
    : [user.id];
  const states = await Promise.all(budgets.map((id) => deps.counters.backoffState(unknownBrowsersKey(org.id, id))));
  const lockedUntil = Math.max(...states.map((state) => state.lockedUntil));
  return lockedUntil > deps.clock() ? lockedUntil : null;
}
