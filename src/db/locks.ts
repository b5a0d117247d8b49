import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Dialect } from './database.js';
import type { DB } from './types.js';

// The dialect differences of locking and ordering, so code above db/ never asks which database it runs on.

/**
 * Holds a row until the transaction ends. SQLite runs one write transaction at a time and needs no lock, so there
 * nothing is sent at all. On PostgreSQL a member's row is held FOR UPDATE (a disable or a delete: nothing may point
 * at it meanwhile), an organisation's FOR NO KEY UPDATE: changes to it still run one at a time, but the rows its
 * members' sign-ins insert, whose foreign keys share its row (KEY SHARE), need not wait. FOR UPDATE made every
 * sign-in of the organisation wait for an admin's change, and one that held its member already (its session's
 * statement locks them) deadlocked with a change that locks the organisation, then that member.
 */
export async function lockRow(
  trx: Transaction<DB>,
  dialect: Dialect,
  table: 'users' | 'organisations',
  id: string,
): Promise<void> {
  if (dialect !== 'postgres') return;
  if (table === 'users') await trx.selectFrom('users').select('id').where('id', '=', id).forUpdate().execute();
  else await trx.selectFrom('organisations').select('id').where('id', '=', id).forNoKeyUpdate().execute();
}

/**
 * A read of a row the transaction then changes, but not its key: locked on PostgreSQL (FOR NO KEY UPDATE, the
 * lock such an update takes, so rows pointing at it can still be inserted meanwhile; see lockRow), as is on
 * SQLite (one writer at a time).
 */
export function forUpdate<Query extends { forNoKeyUpdate(): Query }>(query: Query, dialect: Dialect): Query {
  return dialect === 'postgres' ? query.forNoKeyUpdate() : query;
}

/**
 * A read of a row the transaction relies on but does not change (who is acting, say): held on PostgreSQL FOR SHARE
 * until the transaction ends, so a change to that row (lockRow's FOR UPDATE) waits for this commit, or is waited for
 * and the row read as it changed. Several such reads share the row. SQLite runs one writer at a time: read in a
 * transaction, the row is as good as held.
 */
export function forShare<Query extends { forShare(): Query }>(query: Query, dialect: Dialect): Query {
  return dialect === 'postgres' ? query.forShare() : query;
}

/** A text column compared in byte order (SQLite's BINARY is already; PostgreSQL's "C" collation, indexed so). */
export function inByteOrder(dialect: Dialect, column: string): RawBuilder<string> {
  return dialect === 'postgres' ? sql<string>`${sql.ref(column)} collate "C"` : sql.ref<string>(column);
}
