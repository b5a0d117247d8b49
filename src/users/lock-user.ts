import { forUpdate, lockRow } from '../db/locks.js';
import type { TxDeps } from '../shared/transaction.js';

/**
 * Holds the user's row until the transaction ends, so that changes to their ways in (passkeys,
 * enrollment codes and links, recovery) happen one after another, never interleaved.
 */
export async function lockUser(deps: TxDeps, { userId }: { userId: string }): Promise<void> {
  await lockRow(deps.db, deps.dialect, 'users', userId);
}

/**
 * For a change that deletes the user's passkeys: holds them, before the user. That is the order a sign-in with one
 * takes them (its counter, then its session), so the two wait for each other instead of deadlocking.
 */
export async function lockPasskeysOf(deps: TxDeps, { userId }: { userId: string }): Promise<void> {
  const passkeys = deps.db.selectFrom('passkeys').select('id').where('user_id', '=', userId);
  await forUpdate(passkeys, deps.dialect).execute();
}
