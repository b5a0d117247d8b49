import { recordAudit } from '../audit/record-audit.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { isSessionLive, revokeSessionsIn } from '../sessions/sessions.js';
import { completeSignIn } from '../sign-in/complete-sign-in.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import { lockUser } from '../users/lock-user.js';
import { getUser } from '../users/users.js';

export interface CompleteDeviceLinkInput {
  org: Organisation;
  id: string;
  /** Ties the request to the browser that made it (a hash of its ceremony cookie). */
  bindingHash: string;
  context: RequestContext;
  /** The session cookie this browser already had, if any: replaced by the new one. */
  previousToken?: string;
}

/**
 * New device: collects its session once the request was approved. Works once, only in the browser that
 * asked, and only while the approving session is still signed in and the account active. Revoking that
 * session (sign out, sign out everywhere, recovery) or deleting a passkey voids the link under the same
 * user lock, so the checks below, taken under it before and after the sign-in, cannot miss one.
 */
export async function completeDeviceLink(deps: Deps, input: CompleteDeviceLinkInput) {
  const { org, id, context, previousToken } = input;
  const claimed = await claimApprovedLink(deps, input);
  const completed = await completeSignIn(deps, {
    org,
    user: claimed.user,
    method: 'device-link',
    context,
    previousToken,
    auditDetails: { approvedBySessionId: claimed.approvedBy, requestId: id },
  });
  // A revocation that came between the claim and the new session did not see that session: look again.
  const kept = await inTransaction(deps, async (tx) => {
    await lockUser(tx, { userId: claimed.user.id });
    const ended = await approvalEnded(tx, { id, approvedBy: claimed.approvedBy });
    if (!ended) {
      await tx.db.updateTable('device_links').set({ session_id: completed.session.id }).where('id', '=', id).execute();
      return true;
    }
    await voidLink(tx, { org, userId: claimed.user.id, id, reason: ended, context });
    await revokeSessionsIn(tx, {
      orgId: org.id,
      userId: claimed.user.id,
      sessionId: completed.session.id,
      actorId: claimed.user.id,
      context,
      reason: 'revoked_by_user',
    });
    return false;
  });
  if (!kept) throw new AppError('DEVICE_LINK_NOT_APPROVED');
  return completed;
}

/** Marks an approved link completed, under the user's lock, if its approving session and account still stand. */
async function claimApprovedLink(deps: Deps, { org, id, bindingHash, context }: CompleteDeviceLinkInput) {
  const found = await deps.db
    .selectFrom('device_links')
    .select('user_id')
    .where('id', '=', id)
    .where('org_id', '=', org.id)
    .where('binding_hash', '=', bindingHash)
    .executeTakeFirst();
  if (!found?.user_id) throw new AppError('DEVICE_LINK_NOT_APPROVED');
  const user = await getUser(deps, { orgId: org.id, userId: found.user_id });
  const approvedBy = await inTransaction(deps, async (tx) => {
    await lockUser(tx, { userId: user.id });
    const link = await tx.db
      .selectFrom('device_links')
      .select('approved_by_session_id')
      .where('id', '=', id)
      .where('binding_hash', '=', bindingHash)
      .where('status', '=', 'approved')
      .where('expires_at', '>', deps.clock())
      .executeTakeFirst();
    if (!link) return null;
    const ended =
      user.status !== 'active'
        ? 'account_disabled'
        : !link.approved_by_session_id || !(await isSessionLive(tx, { sessionId: link.approved_by_session_id }))
          ? 'approving_session_ended'
          : null;
    if (ended) {
      await voidLink(tx, { org, userId: user.id, id, reason: ended, context });
      return null;
    }
    // Still approved: a cancel from the new device (which takes no lock) may have voided it since the read.
    const claimed = await tx.db
      .updateTable('device_links')
      .set({ status: 'completed' })
      .where('id', '=', id)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1 ? link.approved_by_session_id : null;
  });
  // A void link answers like a denied one: the new device learns nothing more.
  if (!approvedBy) throw new AppError('DEVICE_LINK_NOT_APPROVED');
  return { user, approvedBy };
}

/**
 * Why the approval no longer stands, if it does not: its session ended, or the passkey it was confirmed with is gone
 * (that deletion ended the sessions it approved, but could not see this one before it was recorded on the link).
 */
async function approvalEnded(deps: TxDeps, { id, approvedBy }: { id: string; approvedBy: string }) {
  if (!(await isSessionLive(deps, { sessionId: approvedBy }))) return 'approving_session_ended';
  const link = await deps.db
    .selectFrom('device_links')
    .leftJoin('passkeys', 'passkeys.id', 'device_links.approved_with_passkey_id')
    .select(['device_links.approved_with_passkey_id as passkeyId', 'passkeys.id as stillThere'])
    .where('device_links.id', '=', id)
    .executeTakeFirst();
  return link?.passkeyId && !link.stillThere ? 'passkey_deleted' : null;
}

interface VoidLinkInput {
  org: Organisation;
  userId: string;
  id: string;
  reason: string;
  context: RequestContext;
}

async function voidLink(deps: TxDeps, { org, userId, id, reason, context }: VoidLinkInput) {
  await deps.db.updateTable('device_links').set({ status: 'void' }).where('id', '=', id).execute();
  await recordAudit(deps, {
    orgId: org.id,
    type: 'device_link.voided',
    userId,
    context,
    details: { count: 1, reason, requestId: id },
  });
}
