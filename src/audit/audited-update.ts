import type { UpdateObject } from 'kysely';
import type { DB } from '../db/types.js';
import type { Deps } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import { recordAudit, type AuditInput } from './record-audit.js';

/** The tables whose rows an audited change updates by id. */
type AuditedTable = 'users' | 'organisations' | 'passkeys' | 'oidc_clients' | 'email_templates';

/** An audit event and the one-row change it records. */
export interface AuditedUpdate<T extends AuditedTable> extends AuditInput {
  update: { table: T; id: string; set: UpdateObject<DB, T> };
}

/**
 * Updates one row by id and records the audit event that says so, in one transaction (the caller's
 * when it has one): a change is never kept without its event.
 */
export async function updateAudited<T extends AuditedTable>(
  deps: Deps,
  { update, ...event }: AuditedUpdate<T>,
): Promise<void> {
  await inTransaction(deps, async (tx) => {
    // Typed per table for the caller; Kysely cannot follow a generic table name, so the query takes the union.
    const table: AuditedTable = update.table;
    await tx.db
      .updateTable(table)
      .set(update.set as UpdateObject<DB, AuditedTable>)
      .where('id', '=', update.id)
      .execute();
    await recordAudit(tx, event);
  });
}
