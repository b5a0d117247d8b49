import type { Kysely, Selectable } from 'kysely';
import type { DB } from './types.js';

/** Tables whose rows each belong to one organisation and are read by id. */
type OrgTable = 'users' | 'oidc_clients' | 'email_templates';

/**
 * A row by id, only when it belongs to the organisation: another organisation's id reads as missing.
 * Typed per table for the caller; Kysely cannot follow a generic table name, so the query takes the union.
 */
export function findInOrg<T extends OrgTable>(
  db: Kysely<DB>,
  { table, orgId, id }: { table: T; orgId: string; id: string },
): Promise<Selectable<DB[T]> | undefined> {
  const anyTable: OrgTable = table;
  const row = db.selectFrom(anyTable).selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return row as Promise<Selectable<DB[T]> | undefined>;
}
