import type { Kysely, Selectable } from 'kysely';
import type { Dialect } from './database.js';
import { forUpdate } from './locks.js';
import type { DB } from './types.js';

/** Tables whose rows each belong to one organisation and are read by id. */
type OrgTable = 'users' | 'oidc_clients' | 'email_templates';

/**
 * A row by id, only when it belongs to the organisation: another organisation's id reads as missing.
 * `lockedOn` (the dialect) reads it locked for a change in the caller's transaction (see forUpdate).
 * Typed per table for the caller; Kysely cannot follow a generic table name, so the query takes the union.
 */
export function findInOrg<T extends OrgTable>(
  db: Kysely<DB>,
  { table, orgId, id, lockedOn }: { table: T; orgId: string; id: string; lockedOn?: Dialect },
): Promise<Selectable<DB[T]> | undefined> {
  const anyTable: OrgTable = table;
  const query = db.selectFrom(anyTable).selectAll().where('org_id', '=', orgId).where('id', '=', id);
  return (lockedOn ? forUpdate(query, lockedOn) : query).executeTakeFirst() as Promise<Selectable<DB[T]> | undefined>;
}
