import { recordAudit } from '../audit/record-audit.js';
import { voidedEnrollment, voidOutstandingEnrollment } from '../enrollment/void-enrollment.js';
import { AppError } from '../errors.js';
import type { Deps } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import { revokeSessionsIn, type Revoked, type RevokeInput } from './sessions.js';

/**
 * Revokes sessions of this user (see revokeSessionsIn). Sessions of other users are never touched. Signed out
 * everywhere, the member's outstanding enrollment links and codes end too, as in a recovery: whoever had a session
 * may have their mailbox, and the member, signed in, adds a passkey without one.
 */
export async function revokeSessions(deps: Deps, input: RevokeInput): Promise<Revoked> {
  return inTransaction(deps, async (tx) => {
    const revoked = await revokeSessionsIn(tx, input);
    const { count } = revoked;
    if (input.sessionId && count === 0) throw new AppError('SESSION_NOT_FOUND');
    const voided = input.sessionId
      ? {}
      : voidedEnrollment(await voidOutstandingEnrollment(tx, { userId: input.userId, now: deps.clock() }));
    if (count > 0 || Object.keys(voided).length > 0) {
      await recordAudit(tx, {
        orgId: input.orgId,
        type: input.reason === 'sign_out' ? 'sign_out' : 'session.revoked',
        userId: input.userId,
        actorId: input.actorId,
        context: input.context,
        details: {
          count,
          ...(input.sessionId ? { sessionId: input.sessionId } : {}),
          ...(input.reason === 'revoked_by_admin' ? { by: 'admin' } : {}),
          ...voided,
        },
      });
    }
    return revoked;
  });
}
