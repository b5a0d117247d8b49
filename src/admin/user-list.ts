import { type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../db/types.js';
import { inByteOrder } from '../db/locks.js';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { normaliseIdentifier, userIdentity, type User } from '../users/users.js';

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

type SearchedColumn = 'username' | 'email' | 'display_name_key';

/**
 * The ids of users whose username, email or display name starts with `prefix`: one range per column
 * on its (org_id, column) index, united (SQLite would scan the organisation for an OR of the three).
 * Byte order (SQLite's BINARY, PostgreSQL's "C", indexed so) keeps the ranges exact whatever the collation.
 */
function idsStartingWith(deps: Deps, { orgId, prefix }: { orgId: string; prefix: string }) {
  const range = (column: SearchedColumn) => {
    const ref = inByteOrder(deps.dialect, column);
    return deps.db
      .selectFrom('users')
      .select('id')
      .where('org_id', '=', orgId)
      .where(ref, '>=', prefix)
      .where(ref, '<', prefix + MAX_CHAR);
  };
  return range('username').union(range('email')).union(range('display_name_key'));
}

const hasPasskey = (eb: ExpressionBuilder<DB, 'users'>) =>
  eb.exists(eb.selectFrom('passkeys').select('passkeys.id').whereRef('passkeys.user_id', '=', 'users.id'));

export function adminUserView(
  user: Pick<User, 'id' | 'username' | 'email' | 'display_name' | 'role' | 'status' | 'created_at'>,
  passkeyCount: number,
) {
  return {
    ...userIdentity(user),
    status: user.status,
    enrollment: passkeyCount > 0 ? ('enrolled' as const) : ('pending' as const),
    passkeyCount,
    createdAt: user.created_at,
  };
}

/** Users, a page at a time in username order, searched and filtered on the server. */
export async function listUsers(deps: Deps, { org, query }: { org: Organisation; query: UserListQuery }) {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const prefix = query.q ? normaliseIdentifier(query.q) : '';
  // With a search, the matching ids lead: CROSS JOIN tells SQLite to start from them, not from every user.
  const from = prefix
    ? (deps.db
        .selectFrom(idsStartingWith(deps, { orgId: org.id, prefix }).as('m'))
        .crossJoin('users')
        .whereRef('users.id', '=', 'm.id') as unknown as SelectQueryBuilder<DB, 'users', object>)
    : deps.db.selectFrom('users');
  let select = from
    .select([
      'users.id',
      'users.username',
      'users.email',
      'users.display_name',
      'users.role',
      'users.status',
      'users.created_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('passkeys')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('passkeys.user_id', '=', 'users.id')
        .as('passkey_count'),
    )
    .where('users.org_id', '=', org.id);
  if (query.status === 'enrolled') select = select.where((eb) => hasPasskey(eb));
  if (query.status === 'pending') select = select.where((eb) => eb.not(hasPasskey(eb)));
  if (query.after) select = select.where('users.username', '>', query.after);
  const rows = await select
    .orderBy('users.username')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    users: page.map((row) => adminUserView(row, Number(row.passkey_count ?? 0))),
    // Counts are organisation-wide: sent with the first page of the plain list, not again for every
    // keystroke of a search or every "Load more" (the page keeps the ones it has).
    counts: query.after || prefix ? null : await enrollmentCounts(deps, { org }),
    nextCursor: rows.length > limit ? page.at(-1)!.username : null,
  };
}

/**
 * Enrolled (at least one passkey) and pending, over the whole organisation: one round trip, each count
 * on its own index (users by organisation; distinct passkey owners by organisation).
 */
export async function enrollmentCounts(
  deps: Deps,
  { org }: { org: Organisation },
): Promise<{ all: number; enrolled: number; pending: number }> {
  const row = await deps.db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('users')
        .select((u) => u.fn.countAll<number>().as('n'))
        .where('org_id', '=', org.id)
        .as('all'),
      eb
        .selectFrom('passkeys')
        .select((p) => p.fn.count<number>('user_id').distinct().as('n'))
        .where('org_id', '=', org.id)
        .as('enrolled'),
    ])
    .executeTakeFirstOrThrow();
  const all = Number(row.all ?? 0);
  const enrolled = Number(row.enrolled ?? 0);
  return { all, enrolled, pending: all - enrolled };
}
