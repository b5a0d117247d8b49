import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../db/types.js';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { normaliseIdentifier, type User } from '../users/users.js';

export type StatusFilter = 'all' | 'enrolled' | 'pending';

export interface UserListQuery {
  /** The start of a username, email or display name. */
  q?: string;
  status?: StatusFilter;
  /** The last username of the previous page. */
  after?: string;
  limit?: number;
}

// The largest code point: every string that starts with the prefix sorts below prefix + this.
const MAX_CHAR = '\u{10FFFF}';

/**
 * `column` starts with `prefix`, as a range on its index. Byte order (SQLite's BINARY, PostgreSQL's "C")
 * keeps the range exact whatever the database's collation; users' indexes are used either way for equality.
 */
function startsWith(eb: ExpressionBuilder<DB, 'users'>, dialect: Deps['dialect'], column: 'username' | 'email' | 'display_name_key', prefix: string): Expression<SqlBool> {
  const ref = dialect === 'postgres' ? sql<string>`${sql.ref(`users.${column}`)} collate "C"` : sql.ref<string>(`users.${column}`);
  return eb.and([eb(ref, '>=', prefix), eb(ref, '<', prefix + MAX_CHAR)]);
}

const hasPasskey = (eb: ExpressionBuilder<DB, 'users'>) => eb.exists(eb.selectFrom('passkeys').select('passkeys.id').whereRef('passkeys.user_id', '=', 'users.id'));

export function adminUserView(user: Pick<User, 'id' | 'username' | 'email' | 'display_name' | 'role' | 'status' | 'created_at'>, passkeyCount: number) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    displayName: user.display_name,
    role: user.role,
    status: user.status,
    enrollment: passkeyCount > 0 ? ('enrolled' as const) : ('pending' as const),
    passkeyCount,
    createdAt: user.created_at,
  };
}

/** Users, a page at a time in username order, searched and filtered on the server. */
export async function listUsers(deps: Deps, org: Organisation, query: UserListQuery) {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const prefix = query.q ? normaliseIdentifier(query.q) : '';
  let select = deps.db
    .selectFrom('users')
    .select(['users.id', 'users.username', 'users.email', 'users.display_name', 'users.role', 'users.status', 'users.created_at'])
    .select((eb) => eb.selectFrom('passkeys').select(eb.fn.countAll<number>().as('n')).whereRef('passkeys.user_id', '=', 'users.id').as('passkey_count'))
    .where('users.org_id', '=', org.id);
  if (prefix) {
    select = select.where((eb) => eb.or([startsWith(eb, deps.dialect, 'username', prefix), startsWith(eb, deps.dialect, 'email', prefix), startsWith(eb, deps.dialect, 'display_name_key', prefix)]));
  }
  if (query.status === 'enrolled') select = select.where((eb) => hasPasskey(eb));
  if (query.status === 'pending') select = select.where((eb) => eb.not(hasPasskey(eb)));
  if (query.after) select = select.where('users.username', '>', query.after);
  const rows = await select.orderBy('users.username').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return {
    users: page.map((row) => adminUserView(row, Number(row.passkey_count ?? 0))),
    counts: await enrollmentCounts(deps, org),
    nextCursor: rows.length > limit ? page.at(-1)!.username : null,
  };
}

/** Enrolled (at least one passkey) and pending, over the whole organisation. */
export async function enrollmentCounts(deps: Deps, org: Organisation): Promise<{ all: number; enrolled: number; pending: number }> {
  const [all, enrolled] = await Promise.all([
    deps.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', org.id).executeTakeFirstOrThrow(),
    deps.db.selectFrom('passkeys').select((eb) => eb.fn.count<number>('user_id').distinct().as('n')).where('org_id', '=', org.id).executeTakeFirstOrThrow(),
  ]);
  return { all: Number(all.n), enrolled: Number(enrolled.n), pending: Number(all.n) - Number(enrolled.n) };
}
