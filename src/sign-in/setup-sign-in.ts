import {
  checkEnrollmentCode,
  enrollmentCodeRefusal,
  refuseEnrollmentCode,
  useEnrollmentCode,
} from '../enrollment/enrollment-codes.js';
import { checkSetupLink, refuseSetupLink, useSetupLink } from '../enrollment/setup-links.js';
import type { SignInMethod } from '../db/types.js';
import { isAppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import type { TxDeps } from '../shared/transaction.js';
import type { User } from '../users/users.js';
import { completeSignIn, type CompletedSignIn } from './complete-sign-in.js';

interface SetupSignInInput {
  org: Organisation;
  context: RequestContext;
  /** The session this browser had before, replaced by the new one. */
  previousToken?: string;
}

/** A setup link signs its user in to set up their account (passkey, and a password where allowed). */
export async function signInWithSetupLink(deps: Deps, input: SetupSignInInput & { token: string }) {
  const checked = await checkSetupLink(deps, input);
  return completeWith(deps, {
    ...input,
    method: 'setup-link',
    checked,
    use: useSetupLink,
    recordRefusal: async (err) => {
      if (isAppError(err, 'ACCOUNT_DISABLED')) await refuseSetupLink(deps, checked, 'account_disabled');
    },
  });
}

/** The 9-character code an admin gave, with the username, does the same. */
export async function signInWithEnrollmentCode(
  deps: Deps,
  input: SetupSignInInput & { username: string; code: string },
) {
  const checked = await checkEnrollmentCode(deps, input);
  return completeWith(deps, {
    ...input,
    method: 'enrollment-code',
    checked,
    use: useEnrollmentCode,
    recordRefusal: async (err) => {
      const refusal = enrollmentCodeRefusal(err);
      if (refusal) await refuseEnrollmentCode(deps, checked, refusal);
    },
  });
}

/**
 * The link or code, checked with reads, is used up in the sign-in's transaction, so a refused sign-in (the account
 * disabled meanwhile) leaves it working; why it was refused is recorded after that transaction rolled back.
 */
async function completeWith<Checked extends { user: User }>(
  deps: Deps,
  input: SetupSignInInput & {
    method: SignInMethod;
    checked: Checked;
    use: (tx: TxDeps, checked: Checked) => Promise<void>;
    recordRefusal: (err: unknown) => Promise<void>;
  },
): Promise<CompletedSignIn> {
  const { org, context, previousToken, method, checked, use } = input;
  try {
    return await completeSignIn(deps, {
      org,
      context,
      previousToken,
      user: checked.user,
      method,
      recordProof: (tx) => use(tx, checked),
    });
  } catch (err) {
    await input.recordRefusal(err);
    throw err;
  }
}
