import { lockRow } from '../db/locks.js';
import type { TxDeps } from '../shared/transaction.js';

/**
 * Holds the user's row until the transaction ends, so that changes to their ways in (passkeys,
 * enrollment codes and links, recovery) happen one after another, never interleaved.
 */
export async function lockUser(deps: TxDeps, { userId }: { userId: string }): Promise<void> {
  await lockRow(deps.db, deps.dialect, 'users', userId);
}
