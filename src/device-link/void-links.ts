import type { TxDeps } from '../shared/transaction.js';

/**
 * Voids a member's device links that are pending, or approved but not yet collected, in the caller's
 * transaction; returns how many. Kept apart from device-links.ts so that sessions can call it
 * without importing the module that starts sessions.
 */
export async function voidOpenDeviceLinks(
  deps: TxDeps,
  { userId, now }: { userId: string; now: number },
): Promise<number> {
  const result = await deps.db
    .updateTable('device_links')
    .set({ status: 'void' })
    .where('user_id', '=', userId)
    .where('status', 'in', ['pending', 'approved'])
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
