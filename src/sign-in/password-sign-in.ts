import { recordAudit } from '../audit/record-audit.js';
import { isAppError } from '../errors.js';
import { confirmPasswordUnchanged } from '../passwords/password-unchanged.js';
import { checkPasswordSignIn, type PasswordSignInInput } from '../passwords/sign-in-with-password.js';
import type { Deps } from '../shared/deps.js';
import { completeSignIn, type CompleteSignInInput, type CompletedSignIn } from './complete-sign-in.js';

export type PasswordSignIn = PasswordSignInInput & Pick<CompleteSignInInput, 'previousToken'>;

/**
 * A password sign-in: the password is checked (limits, then argon2), then the session is started in one transaction
 * that holds only while the member's password is still the one checked and the account is still active.
 */
export async function signInWithPassword(deps: Deps, input: PasswordSignIn): Promise<CompletedSignIn> {
  const { user, policy } = await checkPasswordSignIn(deps, input);
  try {
    return await completeSignIn(deps, {
      org: input.org,
      user,
      policy,
      method: 'password',
      context: input.context,
      previousToken: input.previousToken,
      deviceTokens: input.deviceTokens,
      recordProof: (tx) => confirmPasswordUnchanged(tx, { user }),
    });
  } catch (err) {
    // Changed, removed or disabled while argon2 ran: nothing of this sign-in was written but its failure.
    const reason = isAppError(err, 'INVALID_CREDENTIALS')
      ? 'password_changed'
      : isAppError(err, 'ACCOUNT_DISABLED')
        ? 'account_disabled'
        : undefined;
    if (reason) {
      await recordAudit(deps, {
        orgId: input.org.id,
        type: 'sign_in.failed',
        userId: user.id,
        context: input.context,
        details: { method: 'password', reason },
      });
    }
    throw err;
  }
}
