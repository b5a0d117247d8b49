import type { Transaction } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { DB } from '../db/types.js';

/**
 * Holds the user's row until the transaction ends, so that changes to their ways in (passkeys,
 * enrollment codes and links, recovery) happen one after another, never interleaved.
 * SQLite runs one write transaction at a time and needs no lock.
 */
export async function lockUser(trx: Transaction<DB>, dialect: Dialect, userId: string): Promise<void> {
  if (dialect === 'postgres') await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
}
