import type { ExpressionBuilder } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { DB } from '../db/types.js';
import { voidOpenDeviceLinks } from '../device-link/void-links.js';
import { voidShownIn } from '../enrollment/void-enrollment.js';
import type { RequestContext } from '../shared/deps.js';
import type { TxDeps } from '../shared/transaction.js';

export type EndReason = 'sessions_revoked' | 'passkey_deleted' | 'recovery' | 'user_disabled' | 'user_deleted';

export interface EndIssuedInput {
  orgId: string;
  userId: string;
  actorId: string | null;
  context?: RequestContext;
  reason: EndReason;
}

/**
 * Ends what was issued under a member's sessions and passkeys, in the transaction that revokes them.
 * Every way of revoking (sign out, sign out everywhere, recovery, deleting a passkey, disabling)
 * comes through here, so something issued later (app grants) is ended by adding it here once.
 * The caller holds the user's lock (lockUser), so a device link cannot be collected in between.
 */
export async function endIssuedUnder(deps: TxDeps, input: EndIssuedInput): Promise<{ deviceLinks: number }> {
  const deviceLinks = await voidOpenDeviceLinks(deps, { userId: input.userId, now: deps.clock() });
  if (deviceLinks > 0) {
    await recordAudit(deps, {
      orgId: input.orgId,
      type: 'device_link.voided',
      userId: input.userId,
      actorId: input.actorId,
      context: input.context,
      details: { count: deviceLinks, reason: input.reason },
    });
  }
  return { deviceLinks };
}

export interface EndApprovedInput {
  orgId: string;
  userId: string;
  /** The sessions just revoked. */
  sessionIds: string[];
  /** The passkey just deleted: what was approved with it ends too, whichever session approved it. */
  passkeyId?: string;
  /** The member's own session, asking: it stays, though one of those approved it (the lost phone, say). */
  keepSessionId?: string;
  actorId: string | null;
  context?: RequestContext;
}

/**
 * Ends the sessions that collected a device link approved by `sessionIds` (or with `passkeyId`), and those theirs
 * approved in turn: a phone signed out, or its passkey deleted, takes the computers it let in with it (a stolen
 * phone's approvals last no longer than its session). In the revocation's transaction; returns their ids, for
 * their apps' grants.
 */
export async function endSessionsApprovedBy(deps: TxDeps, input: EndApprovedInput): Promise<string[]> {
  const ended: string[] = [];
  // First what the revoked sessions (or the deleted passkey) approved, then what those sessions approved.
  let round: { sessionIds: string[]; passkeyId?: string } = input;
  while (round.sessionIds.length > 0 || round.passkeyId) {
    const { sessionIds, passkeyId } = round;
    const approvedBy = (eb: ExpressionBuilder<DB, 'device_links'>) =>
      eb.or([
        ...(sessionIds.length > 0 ? [eb('approved_by_session_id', 'in', sessionIds)] : []),
        ...(passkeyId ? [eb('approved_with_passkey_id', '=', passkeyId)] : []),
      ]);
    let query = deps.db
      .updateTable('sessions')
      .set({ revoked_at: deps.clock() })
      .where('user_id', '=', input.userId)
      .where('revoked_at', 'is', null)
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('device_links')
          .select('session_id')
          .where(approvedBy)
          .where('session_id', 'is not', null)
          .$narrowType<{ session_id: string }>(),
      );
    if (input.keepSessionId) query = query.where('id', '!=', input.keepSessionId);
    round = { sessionIds: (await query.returning('id').execute()).map(({ id }) => id) };
    ended.push(...round.sessionIds);
  }
  if (ended.length > 0)
    await recordAudit(deps, {
      orgId: input.orgId,
      type: 'session.revoked',
      userId: input.userId,
      actorId: input.actorId,
      context: input.context,
      details: { count: ended.length, reason: 'approving_session_ended' },
    });
  return ended;
}

/**
 * Ends the enrollment codes and links an admin was shown in `sessionIds`, just revoked (theirs, or those collected
 * with a device link they approved): a stolen phone keeps nothing it issued once its session ends.
 */
export async function endShownIn(
  deps: TxDeps,
  input: Omit<EndIssuedInput, 'reason'> & { sessionIds: string[] },
): Promise<void> {
  const voided = await voidShownIn(deps, { sessionIds: input.sessionIds, now: deps.clock() });
  if (voided.links + voided.codes === 0) return;
  await recordAudit(deps, {
    orgId: input.orgId,
    type: 'enrollment.voided',
    userId: input.userId,
    actorId: input.actorId,
    context: input.context,
    details: { ...voided, reason: 'issuing_session_ended' },
  });
}
