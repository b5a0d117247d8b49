import type { PasskeysTable, UsersTable } from './types.js';

/**
 * Every column of a table, checked by the compiler against its type: a hot read names its columns instead of `*`
 * (see named-statements.ts), and a column added to the table but not here fails `tsc`.
 */
function allColumns<T>() {
  return <const L extends readonly (keyof T & string)[]>(
    list: L & ([Exclude<keyof T, L[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, L[number]> }),
  ): L => list;
}

export const USER_COLUMNS = allColumns<UsersTable>()([
  'id',
  'org_id',
  'username',
  'email',
  'display_name',
  'display_name_key',
  'role',
  'status',
  'webauthn_user_id',
  'password_hash',
  'passkey_prompt_snoozed_until',
  'pilot',
  'created_at',
  'updated_at',
]);

export const PASSKEY_COLUMNS = allColumns<PasskeysTable>()([
  'id',
  'org_id',
  'user_id',
  'credential_id',
  'public_key',
  'counter',
  'transports',
  'aaguid',
  'name',
  'backup_eligible',
  'backed_up',
  'created_at',
  'created_user_agent',
  'last_used_at',
  'last_used_user_agent',
  'rp_id',
  'created_session_id',
]);

/** A table's columns as `alias.column`, for a select. */
export function qualified<A extends string, C extends string>(alias: A, columns: readonly C[]): `${A}.${C}`[] {
  return columns.map((column) => `${alias}.${column}` as const);
}

/** A table's columns as `alias.column as <prefix>column`, for a join whose tables share column names. */
export function aliased<A extends string, C extends string, P extends string>(
  alias: A,
  columns: readonly C[],
  prefix: P,
): `${A}.${C} as ${P}${C}`[] {
  return columns.map((column) => `${alias}.${column} as ${prefix}${column}` as const);
}
