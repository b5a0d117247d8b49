import type { TxDeps } from '../shared/transaction.js';

interface VoidInput {
  userId: string;
  now: number;
}

/** Voids the member's live enrollment links (setup links too) in the caller's transaction; returns how many. */
export async function voidEnrollmentLinks(deps: TxDeps, { userId, now }: VoidInput): Promise<number> {
  const result = await deps.db
    .updateTable('enrollment_links')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Voids the member's unused enrollment codes in the caller's transaction; returns how many. */
export async function voidEnrollmentCodes(deps: TxDeps, { userId, now }: VoidInput): Promise<number> {
  const result = await deps.db
    .updateTable('enrollment_codes')
    .set({ voided_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Voids the member's outstanding enrollment links and codes in the caller's transaction: when a passkey is
 * registered, and in a recovery. Returns how many of each.
 */
export async function voidOutstandingEnrollment(
  deps: TxDeps,
  input: VoidInput,
): Promise<{ links: number; codes: number }> {
  const links = await voidEnrollmentLinks(deps, input);
  const codes = await voidEnrollmentCodes(deps, input);
  return { links, codes };
}
