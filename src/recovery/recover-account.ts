import { recordAudit } from '../audit/record-audit.js';
import { requireEnrollable } from '../enrollment/enrollable.js';
import { lockMembersAndIssuer } from '../enrollment/issuer.js';
import { insertEnrollmentCode, type IssuedCode } from '../enrollment/enrollment-codes.js';
import { voidOutstandingEnrollment } from '../enrollment/void-enrollment.js';
import {
  emailResult,
  insertEnrollmentEmail,
  prepareEnrollmentEmail,
  type EnrollmentEmail,
} from '../enrollment/enrollment-email.js';
import { cancelQueuedMail, deliver } from '../mail/outbox.js';
import { endAppGrants } from '../oidc/end-grants.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { revokeSessionsIn } from '../sessions/sessions.js';
import type { Actor, Deps } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import { forgetTrustedDevices } from '../passwords/trusted-devices.js';
import { policyFor } from '../policy/policy-for.js';
import { queueRecoveryNotice } from './recovery-notice.js';
import { getUser, type User } from '../users/users.js';

export interface RecoveryInput {
  /** The lost device's passkeys, or all of them. */
  passkeyIds: string[] | 'all';
  method: 'email' | 'code';
  templateId?: string | null;
  /** Also remove their password: the lost device's browser may keep it. Always where passkeys are not offered. */
  removePassword?: boolean;
}

/**
 * "An employee lost their device and can't get into the app": removes the chosen passkeys, signs the
 * user out everywhere and starts a new enrollment, all in one transaction, so the user is never left
 * with the old passkeys gone and no way back in. Nothing changes when any part is refused.
 */
export async function recoverAccount(
  deps: Deps,
  input: RecoveryInput & { org: Organisation; user: User; actor: Actor },
) {
  const { org, user, actor } = input;
  if (actor.actorId === user.id) throw new AppError('CANNOT_RECOVER_SELF');
  await requireEnrollable(deps, { org, user, recovery: true });
  const prepared =
    input.method === 'email' ? await prepareEnrollmentEmail(deps, { org, user, templateId: input.templateId }) : null;
  const now = deps.clock();

  const result = await inTransaction(deps, async (tx) => {
    // The member's lock keeps registrations, codes and links for this user one after another with this: none
    // slips in between. The admin's, taken in id order with it, keeps them as they are until this commits.
    await lockMembersAndIssuer(tx, {
      memberIds: [user.id],
      withPasskeys: true,
      actorId: actor.actorId,
      sessionId: actor.actorSessionId,
      org,
    });
    // As the member now is, held: a password set since the request read them (from the lost phone, say) goes too.
    const current = await getUser(tx, { orgId: org.id, userId: user.id });
    const { passkeysOffered } = await policyFor(tx, { org, user: current });
    // Not offered passkeys, the member chooses a new password with the link or code: the old one ends here.
    const removePassword = input.removePassword === true || !passkeysOffered;
    const owned = await tx.db.selectFrom('passkeys').select(['id', 'name']).where('user_id', '=', user.id).execute();
    const chosen = input.passkeyIds === 'all' ? owned : input.passkeyIds.map((id) => owned.find((p) => p.id === id));
    if (chosen.some((p) => p === undefined)) throw new AppError('PASSKEY_NOT_FOUND');
    const removed = [...new Map(chosen.map((p) => [p!.id, p!])).values()];
    if (removed.length > 0)
      await tx.db
        .deleteFrom('passkeys')
        .where('user_id', '=', user.id)
        .where(
          'id',
          'in',
          removed.map((p) => p.id),
        )
        .execute();
    for (const passkey of removed) {
      await recordAudit(tx, {
        orgId: org.id,
        type: 'passkey.deleted',
        userId: user.id,
        actorId: actor.actorId,
        context: actor.context,
        details: { passkeyId: passkey.id, name: passkey.name, recovery: true },
      });
    }
    const passwordRemoved = removePassword && current.password_hash !== null;
    if (passwordRemoved) {
      await tx.db
        .updateTable('users')
        .set({ password_hash: null, updated_at: now })
        .where('id', '=', user.id)
        .execute();
      await forgetTrustedDevices(tx, { userId: user.id });
    }
    // Signed out everywhere, and device links approved from the lost device die with its sessions.
    const { count: revokedSessions } = await revokeSessionsIn(tx, {
      orgId: org.id,
      userId: user.id,
      actorId: actor.actorId,
      context: actor.context,
      reason: 'recovery',
    });
    // Whoever has the lost device may have its mailbox too: earlier links, codes and unsent mail stop working.
    const voided = await voidOutstandingEnrollment(tx, { userId: user.id, now });
    await cancelQueuedMail(tx, { userId: user.id, reason: 'the account was recovered' });
    // A code goes to the admin: the member is told by email (a recovery by email tells them with its link).
    const noticeId =
      input.method === 'code'
        ? await queueRecoveryNotice(tx, { org, user, actor, removedPasskeys: removed.length })
        : null;
    await recordAudit(tx, {
      orgId: org.id,
      type: 'recovery.started',
      userId: user.id,
      actorId: actor.actorId,
      context: actor.context,
      details: {
        removedPasskeys: removed.length,
        revokedSessions,
        cancelledLinks: voided.links,
        passwordRemoved,
        method: input.method,
        memberNotified: noticeId !== null,
      },
    });
    const code: IssuedCode | null = prepared
      ? null
      : await insertEnrollmentCode(tx, { org, user, purpose: 'recovery', actor });
    const email: EnrollmentEmail | null = prepared
      ? await insertEnrollmentEmail(tx, { org, user, prepared, purpose: 'recovery', actor })
      : null;
    return { removedPasskeys: removed.length, revokedSessions, passwordRemoved, code, email, noticeId };
  });
  // Apps lose what they were granted under the ended sessions, and those that asked are told.
  await endAppGrants(deps, { org, userId: user.id });
  // Tried at once; the outbox worker retries what fails.
  const { noticeId, ...recovered } = result;
  if (noticeId) await deliver(deps, { id: noticeId }).catch(() => undefined);
  return { ...recovered, email: recovered.email ? await emailResult(deps, { queued: recovered.email }) : null };
}
