import type { TxDeps } from '../shared/transaction.js';

/**
 * Voids the member's outstanding enrollment links (setup links too) and codes in the caller's
 * transaction: when a passkey is registered, and in a recovery. Returns how many of each.
 */
export async function voidOutstandingEnrollment(
  deps: TxDeps,
  { userId, now }: { userId: string; now: number },
): Promise<{ links: number; codes: number }> {
  const links = await deps.db
    .updateTable('enrollment_links')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  const codes = await deps.db
    .updateTable('enrollment_codes')
    .set({ voided_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .executeTakeFirst();
  return { links: Number(links.numUpdatedRows), codes: Number(codes.numUpdatedRows) };
}
