import {
  generateAuthenticationOptions,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { Selectable } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { PasskeysTable } from '../db/types.js';
import { AppError, isAppError } from '../errors.js';
import { expectedOrigins, passkeysActive, type Organisation } from '../orgs/organisations.js';
import { rpIdFor } from '../orgs/rp-id.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { fromFlag, toFlag } from '../shared/flags.js';
import { memberPolicy } from '../policy/member-policy.js';
import { policyFor } from '../policy/policy-for.js';
import { findUserByIdentifier, getUser, type User } from '../users/users.js';
import { CHALLENGE_TTL_MS, consumeChallenge, storeChallenge } from './challenges.js';
import { challengeFromClientData } from './client-data.js';
import { acceptedCredentialIds } from './manage.js';
import { verifyAssertion } from './verify-assertion.js';

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
  const user = input.user ?? (identifier ? await findUserByIdentifier(deps, org.id, identifier) : undefined);
  const accepted = user ? (await policyFor(deps, org, user)).passkeysAccepted : passkeysActive(org);
  if (input.ceremony === 'reverification' && !accepted) throw new AppError('PASSKEYS_DISABLED');
  const credentials =
    user && accepted
      ? await deps.db
          .selectFrom('passkeys')
          .select(['credential_id', 'transports'])
          .where('user_id', '=', user.id)
          .execute()
      : [];
  const options = await generateAuthenticationOptions({
    rpID: rpIdFor(deps, org),
    timeout: CHALLENGE_TTL_MS,
    userVerification: 'required',
    // For an unknown identifier the list is empty, exactly as for usernameless sign-in: nothing leaks.
    allowCredentials: credentials.map((c) => ({
      id: c.credential_id,
      transports: JSON.parse(c.transports) as string[],
    })),
  });
  await storeChallenge(deps, {
    orgId: org.id,
    bindingHash: input.bindingHash,
    ceremony: input.ceremony,
    challenge: options.challenge,
    userId: input.ceremony === 'reverification' ? (user?.id ?? null) : null,
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
  policy: Awaited<ReturnType<typeof policyFor>>;
  /** The member's passkeys' credential ids (all of them, this one included). */
  credentialIds: string[];
}

export async function finishAuthentication(
  deps: Deps,
  input: FinishAuthenticationInput,
): Promise<AuthenticationResult> {
  const { org, response, context } = input;
  const challenge = challengeFromClientData(response.response.clientDataJSON);
  const stored = await consumeChallenge(deps, {
    orgId: org.id,
    bindingHash: input.bindingHash,
    ceremony: input.ceremony,
    challenge,
  });
  const failed = async (reason: string, userId: string | null) =>
    recordAudit(deps.db, deps.clock, {
      orgId: org.id,
      type: 'sign_in.failed',
      userId,
      context,
      details: { method: 'passkey', reason },
    });

  // Looked up within this organisation only: a passkey of another organisation never signs in here.
  const passkey = await deps.db
    .selectFrom('passkeys')
    .selectAll()
    .where('credential_id', '=', response.id)
    .where('org_id', '=', org.id)
    .executeTakeFirst();
  if (!passkey) {
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
    (stored.user_id !== input.sessionUserId || passkey.user_id !== input.sessionUserId)
  ) {
    await failed('other_users_passkey', input.sessionUserId ?? null);
    throw new AppError('PASSKEY_UNKNOWN');
  }
  const user = await getUser(deps, org.id, passkey.user_id);
  // A disabled account is said so only once the passkey is proven (below): until then it answers as any other.
  const disabled = user.status !== 'active';
  // Stored passkeys outlive a policy that turned them off; they are kept but not accepted. Their ids
  // are read once: they count for the policy and are what the Signal API reports after sign-in.
  const credentialIds = await acceptedCredentialIds(deps, user.id);
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

  let verified;
  try {
    verified = await verifyAssertion({
      response,
      expectedChallenge: stored.challenge,
      expectedOrigins: expectedOrigins(deps, org),
      rpId: rpIdFor(deps, org),
      credential: {
        id: passkey.credential_id,
        publicKey: isoBase64URL.toBuffer(passkey.public_key),
        counter: passkey.counter,
      },
    });
  } catch (err) {
    if (isAppError(err, 'PASSKEY_COUNTER_REGRESSED')) {
      await recordAudit(deps.db, deps.clock, {
        orgId: org.id,
        type: 'passkey.counter_regressed',
        userId: user.id,
        context,
        details: {
          passkeyId: passkey.id,
          storedCounter: passkey.counter,
          receivedCounter: Number(err.details?.receivedCounter),
        },
      });
      await failed('counter_regressed', user.id);
      // The counters stay between us and the audit log.
      throw new AppError('PASSKEY_COUNTER_REGRESSED');
    }
    await failed(
      isAppError(err) && err.details?.reason === 'cross_origin' ? 'cross_origin' : 'invalid_response',
      user.id,
    );
    throw err;
  }
  const { newCounter, backedUp } = verified;
  if (disabled) {
    await failed('account_disabled', user.id);
    throw new AppError('ACCOUNT_DISABLED');
  }

  const now = deps.clock();
  let update = deps.db
    .updateTable('passkeys')
    .set({
      counter: newCounter,
      backed_up: toFlag(backedUp),
      last_used_at: now,
      last_used_user_agent: context.userAgent?.slice(0, 512) ?? null,
    })
    .where('id', '=', passkey.id);
  // Two assertions racing: only a counter still below the new one may be replaced, so it never goes back.
  if (newCounter > 0) update = update.where('counter', '<', newCounter);
  const { numUpdatedRows } = await update.executeTakeFirst();
  if (Number(numUpdatedRows) === 0) {
    await recordAudit(deps.db, deps.clock, {
      orgId: org.id,
      type: 'passkey.counter_regressed',
      userId: user.id,
      context,
      details: { passkeyId: passkey.id, receivedCounter: newCounter, race: true },
    });
    await failed('counter_regressed', user.id);
    throw new AppError('PASSKEY_COUNTER_REGRESSED');
  }
  return { user, passkey: { ...passkey, counter: newCounter, last_used_at: now }, policy, credentialIds };
}
