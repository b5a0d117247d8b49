import { recordAudit } from '../audit/record-audit.js';
import { AppError, isAppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { policyFor } from '../policy/policy-for.js';
import { consumeAttempt } from '../ratelimit/limit.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { findUserByIdentifier, normaliseIdentifier, type User } from '../users/users.js';
import { verifyPassword } from './passwords.js';

export interface PasswordSignInInput {
  org: Organisation;
  identifier: string;
  password: string;
  context: RequestContext;
}

/** Checks a password sign-in. Limits are counted before argon2 runs, so a flood costs the attacker, not us. */
export async function checkPasswordSignIn(deps: Deps, input: PasswordSignInInput): Promise<User> {
  const { org, context } = input;
  const windowMs = deps.config.passwordAttemptWindowMinutes * 60 * 1000;
  const identifier = normaliseIdentifier(input.identifier);
  const user = await findUserByIdentifier(deps, org.id, identifier);
  const fail = async (reason: string) =>
    recordAudit(deps.db, deps.clock, {
      orgId: org.id,
      type: 'sign_in.failed',
      userId: user?.id ?? null,
      context,
      details: { method: 'password', reason },
    });

  const accountKey = `pw:acct:${org.id}:${user?.id ?? identifier}`;
  try {
    if (context.ip) await consumeAttempt(deps.counters, `pw:ip:${context.ip}`, deps.config.passwordAttemptsPerIp, windowMs);
    await consumeAttempt(deps.counters, accountKey, deps.config.passwordAttemptsPerAccount, windowMs);
  } catch (err) {
    if (isAppError(err, 'RATE_LIMITED')) await fail('rate_limited');
    throw err;
  }

  // Checked before the password, so the answer never tells whether a password was right.
  if (user && user.password_hash !== null && !(await policyFor(deps, org, user)).passwordAllowed) {
    await fail('password_sign_in_disabled');
    throw new AppError('PASSWORD_SIGN_IN_DISABLED');
  }

  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !ok) {
    await fail(user ? 'wrong_password' : 'unknown_account');
    throw new AppError('INVALID_CREDENTIALS');
  }
  await deps.counters.reset(accountKey, windowMs);
  return user;
}
