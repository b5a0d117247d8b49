import { checkAssertion, recordAssertion, type FinishAuthenticationInput } from '../passkeys/authentication.js';
import { isAppError } from '../errors.js';
import type { Deps } from '../shared/deps.js';
import { completeSignIn, type CompleteSignInInput, type CompletedSignIn } from './complete-sign-in.js';

export type PasskeySignInInput = Omit<FinishAuthenticationInput, 'ceremony' | 'sessionUserId'> &
  Pick<CompleteSignInInput, 'previousToken' | 'deviceTokens'>;

/**
 * A passkey sign-in: the assertion is checked with reads only, then its challenge, counter, the session,
 * its audit and the trusted device are written in one transaction (one commit per sign-in).
 */
export async function signInWithPasskey(
  deps: Deps,
  input: PasskeySignInInput,
): Promise<CompletedSignIn & { credentialIds: string[] }> {
  const checked = await checkAssertion(deps, { ...input, ceremony: 'authentication' });
  try {
    const completed = await completeSignIn(deps, {
      org: input.org,
      user: checked.user,
      method: 'passkey',
      context: input.context,
      previousToken: input.previousToken,
      deviceTokens: input.deviceTokens,
      policy: checked.policy,
      passkeyId: checked.passkey.id,
      recordProof: async (tx) => {
        await recordAssertion(tx, { checked, context: input.context });
      },
    });
    return { ...completed, credentialIds: checked.credentialIds };
  } catch (err) {
    // Another assertion raised the counter first, or the account was disabled meanwhile: nothing of this
    // sign-in was written; the failure is, and the challenge is taken.
    if (isAppError(err, 'PASSKEY_COUNTER_REGRESSED')) await checked.fail('counter_regressed');
    if (isAppError(err, 'ACCOUNT_DISABLED')) await checked.fail('account_disabled');
    throw err;
  }
}
