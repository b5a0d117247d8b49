import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Kysely, Selectable } from 'kysely';
import { recordAudit, type AuditInput } from '../audit/record-audit.js';
import { precompiledWrite } from '../db/precompiled.js';
import type { DB, PasskeysTable } from '../db/types.js';
import { AppError, isAppError } from '../errors.js';
import { expectedOrigins, passkeysActive, type Organisation } from '../orgs/organisations.js';
import { rpIdFor } from '../orgs/rp-id.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import { fromFlag, toFlag } from '../shared/flags.js';
import { memberPolicy } from '../policy/member-policy.js';
import { policyFor, type CountedPolicy } from '../policy/policy-for.js';
import { findUserByIdentifier, type User } from '../users/users.js';
import {
  CHALLENGE_TTL_MS,
  issueChallenge,
  openChallenge,
  refuseIfUsed,
  takeChallenge,
  type OpenedChallenge,
} from './challenges.js';
import { challengeFromClientData } from './client-data.js';
import { signersPasskeys } from './signers-passkeys.js';
import { verifyAssertion } from './verify-assertion.js';
import { webauthnHelpers, webauthnServer } from './webauthn.js';

export interface StartAuthenticationInput {
  org: Organisation;
  bindingHash: string;
  ceremony: 'authentication' | 'reverification';
  /** Identifier-first sign-in names the account; usernameless and autofill sign-in do not. */
  identifier?: string;
  /** Re-verification of a signed-in user. */
  user?: User;
}

export async function startAuthentication(
  deps: Deps,
  input: StartAuthenticationInput,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { org } = input;
  // Where the organisation hides who has an account, an identifier changes nothing: usernameless options for all.
  const identifier = fromFlag(org.hide_account_existence) ? undefined : input.identifier;
  const user = input.user ?? (identifier ? await findUserByIdentifier(deps, { orgId: org.id, identifier }) : undefined);
  const accepted = user ? (await policyFor(deps, { org, user })).passkeysAccepted : passkeysActive(org);
  if (input.ceremony === 'reverification' && !accepted) throw new AppError('PASSKEYS_DISABLED');
  const credentials =
    user && accepted
      ? await deps.db
          .selectFrom('passkeys')
          .select(['credential_id', 'transports'])
          .where('user_id', '=', user.id)
          .execute()
      : [];
  const options = await webauthnServer().generateAuthenticationOptions({
    rpID: rpIdFor(deps, { org }),
    challenge: issueChallenge(deps, {
      orgId: org.id,
      bindingHash: input.bindingHash,
      ceremony: input.ceremony,
      userId: input.ceremony === 'reverification' ? (user?.id ?? null) : null,
    }),
    timeout: CHALLENGE_TTL_MS,
    userVerification: 'required',
    // For an unknown identifier the list is empty, exactly as for usernameless sign-in: nothing leaks.
    allowCredentials: credentials.map((c) => ({
      id: c.credential_id,
      transports: JSON.parse(c.transports) as string[],
    })),
  });
  return options;
}
export interface FinishAuthenticationInput {
  org: Organisation;
  bindingHash: string;
  ceremony: 'authentication' | 'reverification';
  response: AuthenticationResponseJSON;
  context: RequestContext;
  /** Re-verification: the signed-in user whose session is being confirmed. */
  sessionUserId?: string;
}

export interface AuthenticationResult {
  user: User;
  passkey: Selectable<PasskeysTable>;
  /** The member's policy as checked here, so the sign-in does not read it again. */
  policy: CountedPolicy;
  /** The member's passkeys' credential ids (all of them, this one included). */
  credentialIds: string[];
}

/** A proven assertion, not yet recorded: recordAssertion writes it in the caller's transaction. */
export interface CheckedAssertion extends AuthenticationResult {
  challenge: OpenedChallenge;
  backedUp: boolean;
  /** Records a failure found after the check (a counter race, a disable): the challenge is taken, the audit written. */
  fail(reason: 'counter_regressed' | 'account_disabled'): Promise<void>;
}

/**
 * Checks an assertion without writing anything when it holds: the challenge is found (not yet taken),
 * the passkey, its owner and policy read once, the signature verified. Every failure takes the challenge
 * and is audited, in one transaction, before it is thrown.
 */
export async function checkAssertion(deps: Deps, input: FinishAuthenticationInput): Promise<CheckedAssertion> {
  const { org, response, context } = input;
  const challenge = challengeFromClientData(response.response.clientDataJSON);
  const stored = openChallenge(deps, {
    orgId: org.id,
    bindingHash: input.bindingHash,
    ceremony: input.ceremony,
    challenge,
  });
  const {
    signer: passkey,
    owner: user,
    credentialIds,
    challengeUsed,
  } = await signersPasskeys(deps, {
    credentialId: response.id,
    orgId: org.id,
    challenge: stored.challenge,
    expiresAt: stored.expiresAt,
  });
  // A replay is refused first, before its signature and counter are looked at (its challenge is marked used).
  if (challengeUsed) throw new AppError('CHALLENGE_INVALID');
  if (!passkey) await refuseIfUsed(deps, stored);
  const failed = (reason: string, userId: string | null, also?: AuditInput) =>
    inTransaction(deps, async (tx) => {
      await takeChallenge(tx, { opened: stored, orElse: 'ignore' });
      if (also) await recordAudit(tx, also);
      await recordAudit(tx, {
        orgId: org.id,
        type: 'sign_in.failed',
        userId,
        context,
        details: { method: 'passkey', reason },
      });
    });

  // Looked up within this organisation only: a passkey of another organisation never signs in here.
  if (!passkey || !user) {
    // Organisations may share an RP ID, so the browser offers every organisation's passkeys here.
    // "Unknown" makes the page ask the browser to delete the passkey, so only a credential no
    // organisation holds (ids are unique) gets it. Which organisation holds it is never said.
    const elsewhere = await deps.db
      .selectFrom('passkeys')
      .select('id')
      .where('credential_id', '=', response.id)
      .executeTakeFirst();
    await failed(elsewhere ? 'other_organisation' : 'unknown_passkey', null);
    throw new AppError(elsewhere ? 'PASSKEY_OTHER_ORGANISATION' : 'PASSKEY_UNKNOWN');
  }
  // Re-verification must be done by the signed-in user's own passkey, for the session it confirms:
  // the challenge's user, the passkey's owner and the session's user must all be the same person.
  if (
    input.ceremony === 'reverification' &&
    (stored.userId !== input.sessionUserId || passkey.user_id !== input.sessionUserId)
  ) {
    await failed('other_users_passkey', input.sessionUserId ?? null);
    throw new AppError('PASSKEY_UNKNOWN');
  }
  // A disabled account is said so only once the passkey is proven (below): until then it answers as any other.
  const disabled = user.status !== 'active';
  // Stored passkeys outlive a policy that turned them off; they are kept but not accepted.
  const policy = { ...memberPolicy(org, user, credentialIds.length, deps.clock()), passkeyCount: credentialIds.length };
  if (!disabled && !policy.passkeysAccepted) {
    await failed('passkeys_not_accepted', user.id);
    throw new AppError('PASSKEYS_DISABLED');
  }
  // The user handle a discoverable credential returns must be this user's (WebAuthn §7.2 step 6).
  if (response.response.userHandle && response.response.userHandle !== user.webauthn_user_id) {
    await failed('user_handle_mismatch', user.id);
    throw new AppError('PASSKEY_RESPONSE_INVALID');
  }

  const regressed = (details: Record<string, unknown>): AuditInput => ({
    orgId: org.id,
    type: 'passkey.counter_regressed',
    userId: user.id,
    context,
    details: { passkeyId: passkey.id, ...details },
  });
  let verified;
  try {
    verified = await verifyAssertion({
      response,
      expectedChallenge: stored.challenge,
      expectedOrigins: expectedOrigins(deps, { org }),
      rpId: rpIdFor(deps, { org }),
      credential: {
        id: passkey.credential_id,
        publicKey: webauthnHelpers().isoBase64URL.toBuffer(passkey.public_key),
        counter: passkey.counter,
      },
    });
  } catch (err) {
    if (isAppError(err, 'PASSKEY_COUNTER_REGRESSED')) {
      const receivedCounter = Number(err.details?.receivedCounter);
      await failed('counter_regressed', user.id, regressed({ storedCounter: passkey.counter, receivedCounter }));
      // The counters stay between us and the audit log.
      throw new AppError('PASSKEY_COUNTER_REGRESSED');
    }
    await failed(
      isAppError(err) && err.details?.reason === 'cross_origin' ? 'cross_origin' : 'invalid_response',
      user.id,
    );
    throw err;
  }
  if (disabled) {
    await failed('account_disabled', user.id);
    throw new AppError('ACCOUNT_DISABLED');
  }
  const { newCounter, backedUp } = verified;
  return {
    user,
    passkey: { ...passkey, counter: newCounter },
    policy,
    credentialIds,
    challenge: stored,
    backedUp,
    fail: (reason) =>
      failed(
        reason,
        user.id,
        reason === 'counter_regressed' ? regressed({ receivedCounter: newCounter, race: true }) : undefined,
      ),
  };
}

type PasskeyUse = { id: string; counter: number; backedUp: 0 | 1; lastUsedAt: number; userAgent: string | null };
const useUpdate = (db: Kysely<DB>, v: PasskeyUse) =>
  db
    .updateTable('passkeys')
    .set({ counter: v.counter, backed_up: v.backedUp, last_used_at: v.lastUsedAt, last_used_user_agent: v.userAgent })
    .where('id', '=', v.id);
// Every passkey sign-in writes one of these: built once (precompiled.ts).
const recordUse = precompiledWrite(useUpdate);
const raiseCounter = precompiledWrite((db, v: PasskeyUse) => useUpdate(db, v).where('counter', '<', v.counter));

/**
 * Writes a checked assertion in the caller's transaction: the challenge taken (once only) and the
 * passkey's counter, backup state and last use. Throws PASSKEY_COUNTER_REGRESSED when another
 * assertion raced it to the counter; the caller then rolls back and calls `checked.fail`.
 */
export async function recordAssertion(
  deps: TxDeps,
  { checked, context }: { checked: CheckedAssertion; context: RequestContext },
): Promise<Selectable<PasskeysTable>> {
  await takeChallenge(deps, { opened: checked.challenge });
  const { passkey } = checked;
  const now = deps.clock();
  const use = {
    id: passkey.id,
    counter: passkey.counter,
    backedUp: toFlag(checked.backedUp),
    lastUsedAt: now,
    userAgent: context.userAgent?.slice(0, 512) ?? null,
  };
  // Two assertions racing: only a counter still below the new one may be replaced, so it never goes back.
  await (passkey.counter > 0 ? raiseCounter : recordUse).queue(
    deps,
    use,
    () => new AppError('PASSKEY_COUNTER_REGRESSED'),
  );
  return { ...passkey, last_used_at: now, backed_up: toFlag(checked.backedUp) };
}

/** Re-verification: an assertion checked and recorded on its own (a sign-in records it with its session). */
export async function finishAuthentication(
  deps: Deps,
  input: FinishAuthenticationInput,
): Promise<AuthenticationResult> {
  const checked = await checkAssertion(deps, input);
  try {
    const passkey = await inTransaction(deps, (tx) => recordAssertion(tx, { checked, context: input.context }));
    return { ...checked, passkey };
  } catch (err) {
    if (isAppError(err, 'PASSKEY_COUNTER_REGRESSED')) await checked.fail('counter_regressed');
    throw err;
  }
}
