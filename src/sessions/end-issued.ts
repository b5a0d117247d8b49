import { recordAudit } from '../audit/record-audit.js';
import { voidOpenDeviceLinks } from '../device-link/void-links.js';
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
