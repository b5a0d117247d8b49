import type { Insertable, UpdateObject } from 'kysely';
import type { DB } from '../db/types.js';
import type { Deps } from '../shared/deps.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import { recordAudit, type AuditInput } from './record-audit.js';

// A write and the audit event that records it go in one transaction (the caller's when it has one):
// a change is never kept without its event. Each function is typed per table for its caller; Kysely
// cannot follow a generic table name, so the query itself takes the union of the tables.

/** The tables whose rows an audited change inserts or updates by id. */
type AuditedTable = 'users' | 'organisations' | 'passkeys' | 'oidc_clients' | 'email_templates';

/** An audit event and the one-row change it records. */
export interface AuditedUpdate<T extends AuditedTable> extends AuditInput {
  update: { table: T; id: string; set: UpdateObject<DB, T> };
}

/** Runs the write, then records the event, in one transaction. */
async function audited(deps: Deps, event: AuditInput, write: (tx: TxDeps) => Promise<unknown>): Promise<void> {
  await inTransaction(deps, async (tx) => {
    await write(tx);
    await recordAudit(tx, event);
  });
}

/** Updates one row by id and records the event. */
export function updateAudited<T extends AuditedTable>(
  deps: Deps,
  { update, ...event }: AuditedUpdate<T>,
): Promise<void> {
  const table: AuditedTable = update.table;
  const set = update.set as UpdateObject<DB, AuditedTable>;
  return audited(deps, event, (tx) => tx.db.updateTable(table).set(set).where('id', '=', update.id).execute());
}

/** An audit event and the new row it records. */
export interface AuditedInsert<T extends AuditedTable> extends AuditInput {
  insert: { table: T; values: Insertable<DB[T]> };
}

/** Inserts one row and records the event. */
export function insertAudited<T extends AuditedTable>(
  deps: Deps,
  { insert, ...event }: AuditedInsert<T>,
): Promise<void> {
  const table: AuditedTable = insert.table;
  const values = insert.values as Insertable<DB[AuditedTable]>;
  return audited(deps, event, (tx) => tx.db.insertInto(table).values(values).execute());
}
