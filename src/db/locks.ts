import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Dialect } from './database.js';
import type { DB } from './types.js';

// The dialect differences of locking and ordering, so code above db/ never asks which database it runs on.

/**
 * Holds a row until the transaction ends (PostgreSQL: FOR UPDATE). SQLite runs one write transaction
 * at a time and needs no lock, so there nothing is sent at all.
 */
export async function lockRow(
  trx: Transaction<DB>,
  dialect: Dialect,
  table: 'users' | 'organisations',
  id: string,
): Promise<void> {
  if (dialect !== 'postgres') return;
  if (table === 'users') await trx.selectFrom('users').select('id').where('id', '=', id).forUpdate().execute();
  else await trx.selectFrom('organisations').select('id').where('id', '=', id).forUpdate().execute();
}

/** A read that the transaction then changes: locked on PostgreSQL, as is on SQLite (one writer at a time). */
export function forUpdate<Query extends { forUpdate(): Query }>(query: Query, dialect: Dialect): Query {
  return dialect === 'postgres' ? query.forUpdate() : query;
}

/** A text column compared in byte order (SQLite's BINARY is already; PostgreSQL's "C" collation, indexed so). */
export function inByteOrder(dialect: Dialect, column: string): RawBuilder<string> {
  return dialect === 'postgres' ? sql<string>`${sql.ref(column)} collate "C"` : sql.ref<string>(column);
}
