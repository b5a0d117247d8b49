import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { recordAudit } from '../audit/record-audit.js';
import { insertUnique } from '../db/unique-violation.js';
import { voidOutstandingEnrollment } from '../enrollment/void-enrollment.js';
import { AppError } from '../errors.js';
import { expectedOrigins, type Organisation } from '../orgs/organisations.js';
import { rpIdFor } from '../orgs/rp-id.js';
import { newId } from '../shared/crypto.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import { toFlag } from '../shared/flags.js';
import type { User } from '../users/users.js';
import { CHALLENGE_TTL_MS, consumeChallenge, issueChallenge } from './challenges.js';
import { challengeFromClientData } from './client-data.js';
import { defaultPasskeyName, isSecurityKey } from './names.js';
import { toPasskeyView, type PasskeyView } from './passkey-view.js';
import { passkeyUserNames } from './user-entity.js';
import { SUPPORTED_ALGORITHMS, verifyRegistration } from './verify-registration.js';
import { webauthnHelpers, webauthnServer } from './webauthn.js';
import { lockLiveSession } from '../sessions/lock-live-session.js';

export interface StartRegistrationInput {
  org: Organisation;
  user: User;
  bindingHash: string;
}

export async function startRegistration(
  deps: Deps,
  input: StartRegistrationInput,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { org, user } = input;
  const existing = await deps.db
    .selectFrom('passkeys')
    .select(['credential_id', 'transports'])
    .where('user_id', '=', user.id)
    .execute();
  // Refused before the device makes a key the server would then throw away.
  if (existing.length >= deps.config.maxPasskeysPerUser) throw new AppError('PASSKEY_LIMIT_REACHED');
  const names = passkeyUserNames(org, user);
  const options = await webauthnServer().generateRegistrationOptions({
    rpName: deps.config.rpName,
    rpID: rpIdFor(deps, { org }),
    challenge: issueChallenge(deps, {
      orgId: org.id,
      bindingHash: input.bindingHash,
      ceremony: 'registration',
      userId: user.id,
    }),
    // The account name a password manager shows: the username and organisation, never a passkey's label.
    userName: names.name,
    userID: webauthnHelpers().isoBase64URL.toBuffer(user.webauthn_user_id),
    userDisplayName: names.displayName,
    timeout: CHALLENGE_TTL_MS,
    attestationType: 'none',
    // Stops the same authenticator from registering a second passkey for this account.
    excludeCredentials: existing.map((p) => ({
      id: p.credential_id,
      transports: JSON.parse(p.transports) as string[],
    })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    extensions: { credProps: true },
  });
  return options;
}

export interface FinishRegistrationInput {
  org: Organisation;
  user: User;
  /** The session registering it: a recovery that signed it out meanwhile wins. */
  sessionId: string;
  bindingHash: string;
  response: RegistrationResponseJSON;
  name?: string;
  context: RequestContext;
}

export async function finishRegistration(deps: Deps, input: FinishRegistrationInput): Promise<PasskeyView> {
  const { org, user, response, context } = input;
  const challenge = challengeFromClientData(response.response.clientDataJSON);
  const stored = await consumeChallenge(deps, {
    orgId: org.id,
    bindingHash: input.bindingHash,
    ceremony: 'registration',
    challenge,
  });
  // The challenge was issued for this account; a session that changed hands cannot use it for another.
  if (stored.userId !== user.id) throw new AppError('CHALLENGE_INVALID');

  const info = await verifyRegistration({
    response,
    expectedChallenge: stored.challenge,
    expectedOrigins: expectedOrigins(deps, { org }),
    rpId: rpIdFor(deps, { org }),
  });

  const clash = await deps.db
    .selectFrom('passkeys')
    .select('user_id')
    .where('credential_id', '=', info.credentialId)
    .executeTakeFirst();
  if (clash) throw new AppError('PASSKEY_ALREADY_REGISTERED');

  const taken = await deps.db.selectFrom('passkeys').select('name').where('user_id', '=', user.id).execute();
  const requestedName = input.name?.trim().slice(0, 64);
  const now = deps.clock();
  const row = {
    id: newId(),
    org_id: org.id,
    user_id: user.id,
    credential_id: info.credentialId,
    public_key: webauthnHelpers().isoBase64URL.fromBuffer(info.publicKey),
    counter: info.counter,
    transports: JSON.stringify(response.response.transports ?? []),
    aaguid: info.aaguid,
    name:
      requestedName ||
      defaultPasskeyName(
        info.aaguid,
        context.userAgent,
        taken.map((t) => t.name),
        isSecurityKey(response.response.transports ?? []),
      ),
    backup_eligible: toFlag(info.backupEligible),
    backed_up: toFlag(info.backedUp),
    created_at: now,
    created_user_agent: context.userAgent?.slice(0, 512) ?? null,
    last_used_at: null,
    last_used_user_agent: null,
    rp_id: org.rp_id,
    created_session_id: input.sessionId,
  } as const;
  await insertUnique('PASSKEY_ALREADY_REGISTERED', () =>
    inTransaction(deps, async (tx) => {
      await lockLiveSession(tx, { userId: user.id, sessionId: input.sessionId });
      // Counted under the user's lock, so two registrations racing cannot both take the last place.
      const held = await tx.db
        .selectFrom('passkeys')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow();
      if (Number(held.n) >= deps.config.maxPasskeysPerUser) throw new AppError('PASSKEY_LIMIT_REACHED');
      await tx.db.insertInto('passkeys').values(row).execute();
      // Made in this browser: its "This device", unless a passkey already signed this session in.
      await tx.db
        .updateTable('sessions')
        .set({ passkey_id: row.id })
        .where('id', '=', input.sessionId)
        .where('passkey_id', 'is', null)
        .execute();
      // Force Passkey Setup is satisfied for every session of this member.
      await tx.db
        .updateTable('sessions')
        .set({ passkey_setup_required: 0 })
        .where('user_id', '=', user.id)
        .where('passkey_setup_required', '=', 1)
        .execute();
      await recordAudit(tx, {
        orgId: org.id,
        type: 'passkey.added',
        userId: user.id,
        actorId: user.id,
        context,
        details: { passkeyId: row.id, name: row.name, aaguid: row.aaguid, synced: row.backed_up === 1 },
      });
      // Enrolled now: a code or link still outstanding would be a second way in beside this passkey.
      const voided = await voidOutstandingEnrollment(tx, { userId: user.id, now });
      if (voided.links + voided.codes > 0) {
        await recordAudit(tx, {
          orgId: org.id,
          type: 'enrollment.voided',
          userId: user.id,
          actorId: user.id,
          context,
          details: { ...voided, reason: 'passkey_added' },
        });
      }
    }),
  );
  return toPasskeyView(deps, { row });
}
