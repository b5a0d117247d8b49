import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import type { Deps } from './deps.js';

/** Deps whose `db` is an open transaction: what a function that must run in its caller's transaction takes. */
export interface TxDeps extends Deps {
  db: Transaction<DB>;
}

/**
 * Runs `work` in one transaction and hands it the same deps with `db` as that transaction, so the
 * functions it calls take `(deps, input)` like every other. Called inside a transaction, it joins it.
 */
export function inTransaction<T>(deps: Deps, work: (tx: TxDeps) => Promise<T>): Promise<T> {
  if (deps.db.isTransaction) return work(deps as TxDeps);
  return deps.db.transaction().execute((trx) => work({ ...deps, db: trx }));
}
