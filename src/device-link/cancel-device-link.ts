import { recordAudit } from '../audit/record-audit.js';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { consumeAttempt } from '../ratelimit/limit.js';
import { inTransaction } from '../shared/transaction.js';
import { limitedAddress } from '../ratelimit/address.js';

export const CANCELS_PER_ADDRESS = 100;
export const CANCEL_WINDOW_MINUTES = 15;

export interface CancelDeviceLinkInput {
  org: Organisation;
  id: string;
  /** The browser that asked (its ceremony cookie): no other can cancel its request. */
  bindingHash: string;
  context: RequestContext;
}

/**
 * The new device gives up its request (Cancel, or a new code): the code stops working at once, so the signed-in
 * device cannot approve a request nobody is waiting for. Not yet collected is enough: an approved request is voided
 * too. Says nothing of whether there was one to cancel.
 */
export async function cancelDeviceLink(deps: Deps, { org, id, bindingHash, context }: CancelDeviceLinkInput) {
  // A browser cancels a code or two: enough for an office behind one address, not for a stream of writes.
  await consumeAttempt(
    deps,
    `dl:cancel:${limitedAddress(context.ip)}`,
    CANCELS_PER_ADDRESS,
    CANCEL_WINDOW_MINUTES * 60_000,
  );
  await inTransaction(deps, async (tx) => {
    const cancelled = await tx.db
      .updateTable('device_links')
      .set({ status: 'void' })
      .where('id', '=', id)
      .where('org_id', '=', org.id)
      .where('binding_hash', '=', bindingHash)
      .where('status', 'in', ['pending', 'approved'])
      .where('expires_at', '>', deps.clock())
      .returning('user_id')
      .executeTakeFirst();
    // A request for an unknown account is not recorded when made (nothing tells it apart): nor when cancelled.
    if (!cancelled?.user_id) return;
    await recordAudit(tx, {
      orgId: org.id,
      type: 'device_link.voided',
      userId: cancelled.user_id,
      context,
      details: { count: 1, reason: 'cancelled_on_new_device', requestId: id },
    });
  });
}
