import type { Role } from '../db/types.js';
import { isAppError } from '../errors.js';
import { requireAuthorityOver } from '../enrollment/enrollable.js';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { HAS_NOT_IN_NAMES } from '../shared/names.js';
import { checkEmail, checkRole, normaliseIdentifier, USERNAME_PATTERN, type User } from '../users/users.js';
import type { Column, CsvRow } from './csv-file.js';

export type RowReason =
  | 'column_count'
  | 'control_character'
  | 'too_long'
  | 'username_missing'
  | 'username_invalid'
  | 'email_invalid'
  | 'role_invalid'
  | 'role_forbidden'
  | 'duplicate_in_file'
  | 'user_exists';

export interface CheckedRow {
  row: number;
  username: string;
  email: string | null;
  displayName: string;
  role: string;
  outcome: 'create' | 'error';
  reason: RowReason | null;
  /** The reason in words, for the preview and the CLI. */
  message: string | null;
}

const LIMITS: Record<Column, number> = { username: 64, email: 320, displayName: 100, role: 20 };
const LABELS: Record<Column, string> = {
  username: 'Username',
  email: 'Email',
  displayName: 'Display name',
  role: 'Role',
};
const CONTROLS = new RegExp(HAS_NOT_IN_NAMES.source, 'gu');
const usernameRegex = new RegExp(USERNAME_PATTERN);

class RowError extends Error {
  constructor(
    readonly reason: RowReason,
    message: string,
  ) {
    super(message);
  }
}

/** The row's values, normalised as the console would store them; a RowError for the first thing wrong. */
function checkRow(org: Organisation, actor: User | null, columnCount: number, csv: CsvRow) {
  if (csv.fieldCount !== columnCount)
    throw new RowError('column_count', `Has ${csv.fieldCount} fields; the header names ${columnCount}`);
  for (const [column, value] of Object.entries(csv.fields) as Array<[Column, string]>) {
    if (HAS_NOT_IN_NAMES.test(value))
      throw new RowError('control_character', `${LABELS[column]} holds a control or text-direction character`);
    if (value.trim().length > LIMITS[column])
      throw new RowError('too_long', `${LABELS[column]} is longer than ${LIMITS[column]} characters`);
  }
  const username = normaliseIdentifier(csv.fields.username ?? '');
  if (!username) throw new RowError('username_missing', 'No username');
  if (!usernameRegex.test(username))
    throw new RowError('username_invalid', 'A username is letters, digits, . _ - and starts with a letter or digit');
  const rawEmail = (csv.fields.email ?? '').trim();
  let email: string | null;
  try {
    email = rawEmail ? checkEmail(rawEmail) : null;
  } catch (error) {
    if (isAppError(error)) throw new RowError('email_invalid', 'Not one email address');
    throw error;
  }
  const role = (normaliseIdentifier(csv.fields.role ?? '') || 'member') as Role;
  try {
    checkRole(org, role);
  } catch (error) {
    if (isAppError(error))
      throw new RowError(
        'role_invalid',
        `Role is member, editor or admin${org.slug === 'platform' ? ' or operator' : ''}`,
      );
    throw error;
  }
  if (actor) {
    try {
      requireAuthorityOver(actor, { ...actor, role });
    } catch {
      throw new RowError('role_forbidden', 'A role above your own');
    }
  }
  const displayName = (csv.fields.displayName ?? '').trim() || username;
  return { username, email, displayName, role };
}

/** Which usernames and addresses of the file the organisation already has (as a username or an email). */
async function takenIdentifiers(
  deps: Deps,
  { orgId, values }: { orgId: string; values: string[] },
): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < values.length; i += 500) {
    const batch = values.slice(i, i + 500);
    const rows = await deps.db
      .selectFrom('users')
      .select(['username', 'email'])
      .where('org_id', '=', orgId)
      .where((eb) => eb.or([eb('username', 'in', batch), eb('email', 'in', batch)]))
      .execute();
    for (const r of rows) {
      taken.add(r.username);
      if (r.email) taken.add(r.email);
    }
  }
  return taken;
}

export interface CheckRowsInput {
  org: Organisation;
  actor: User | null;
  file: { columns: Column[]; rows: CsvRow[] };
}

/**
 * Every row as it would be imported, or why not: the rules of "Add user", plus duplicates within
 * the file and users the organisation already has. Nothing is written.
 */
export async function checkRows(deps: Deps, { org, actor, file }: CheckRowsInput): Promise<CheckedRow[]> {
  const seen = new Map<string, number>();
  const checked = file.rows.map((csv): CheckedRow => {
    // Shown back as typed but bounded, a control character (NUL in JSON, a terminal escape) replaced.
    const shown = (column: Column, max: number) =>
      (csv.fields[column] ?? '').trim().slice(0, max).replace(CONTROLS, '\uFFFD');
    const typed = {
      row: csv.row,
      username: shown('username', 64),
      email: shown('email', 320) || null,
      displayName: shown('displayName', 100),
      role: shown('role', 20),
    };
    try {
      const values = checkRow(org, actor, file.columns.length, csv);
      for (const [value, what] of [
        [values.username, 'username'],
        [values.email, 'email'],
      ] as const) {
        const earlier = value === null ? undefined : seen.get(value);
        if (earlier !== undefined) throw new RowError('duplicate_in_file', `Same ${what} as row ${earlier}`);
      }
      seen.set(values.username, csv.row);
      if (values.email) seen.set(values.email, csv.row);
      return { row: csv.row, ...values, outcome: 'create', reason: null, message: null };
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      return { ...typed, outcome: 'error', reason: error.reason, message: error.message };
    }
  });
  const wanted = checked.filter((r) => r.outcome === 'create');
  const taken = await takenIdentifiers(deps, {
    orgId: org.id,
    values: wanted.flatMap((r) => (r.email ? [r.username, r.email] : [r.username])),
  });
  for (const r of wanted) {
    const clash = taken.has(r.username) ? 'username' : r.email && taken.has(r.email) ? 'email' : null;
    if (clash)
      Object.assign(r, {
        outcome: 'error',
        reason: 'user_exists',
        message: `A user with this ${clash} already exists`,
      });
  }
  return checked;
}
