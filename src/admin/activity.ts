import { AUDIT_TYPES, type AuditDetails, type AuditType } from '../audit/schemas.js';
import type { Role } from '../db/types.js';
import { userAgentLabel } from '../passkeys/names.js';
import { PLATFORM_SLUG, type Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { normaliseIdentifier } from '../users/users.js';

export interface ActivityQuery {
  userId?: string;
  /** Events about or by the user with this username (none when nobody has it). */
  username?: string;
  type?: AuditType;
  /** Any of these types (the admin home's security events). */
  types?: readonly AuditType[];
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** `<created_at>.<id>` of the last event of the previous page. */
  before?: string;
  limit?: number;
}

export interface ActivityEvent {
  id: string;
  type: string;
  createdAt: number;
  user: { id: string; username: string } | null;
  actor: { id: string; username: string } | null;
  ip: string | null;
  userAgentLabel: string | null;
  userAgent: string | null;
  details: AuditDetails;
}

const person = (id: string | null, username: string | null) =>
  id ? { id, username: username ?? '(deleted user)' } : null;

/** Who reads the events: an operator's addresses and browsers are shown to operators only. */
export interface ActivityReader {
  org: Organisation;
  /** The reader's role. */
  viewer: Role;
}

/** The organisation's security events, newest first, a page at a time (keyset on time and id). */
export async function listActivity(
  deps: Deps,
  { org, query, viewer }: ActivityReader & { query: ActivityQuery },
): Promise<{ events: ActivityEvent[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 1000);
  let select = deps.db
    .selectFrom('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .leftJoin('users as a', 'a.id', 'e.actor_id')
    .select([
      'e.id',
      'e.type',
      'e.created_at',
      'e.user_id',
      'e.actor_id',
      'e.ip',
      'e.user_agent',
      'e.details',
      'u.username as user_name',
      'a.username as actor_name',
      'u.role as user_role',
      'a.role as actor_role',
      'a.org_id as actor_org_id',
    ])
    .where('e.org_id', '=', org.id);
  if (query.userId)
    select = select.where((eb) => eb.or([eb('e.user_id', '=', query.userId!), eb('e.actor_id', '=', query.userId!)]));
  if (query.username) {
    const named = deps.db
      .selectFrom('users')
      .select('id')
      .where('org_id', '=', org.id)
      .where('username', '=', normaliseIdentifier(query.username));
    select = select.where((eb) => eb.or([eb('e.user_id', 'in', named), eb('e.actor_id', 'in', named)]));
  }
  if (query.type) select = select.where('e.type', '=', query.type);
  if (query.types?.length) select = select.where('e.type', 'in', [...query.types]);
  if (query.from !== undefined) select = select.where('e.created_at', '>=', query.from);
  if (query.to !== undefined) select = select.where('e.created_at', '<', query.to);
  const cursor = parseCursor(query.before);
  if (cursor) {
    select = select.where((eb) =>
      eb.or([
        eb('e.created_at', '<', cursor.at),
        eb.and([eb('e.created_at', '=', cursor.at), eb('e.id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await select
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  // As on the user's page, which a platform admin may not open for an operator: not where an operator signs in from.
  // In `platform` someone deleted may have been one: their role is gone with their row, so theirs are hidden too. An
  // actor from another organisation acted as an operator (only they can), whatever their role now.
  const mayBeOperator = (id: string | null, role: Role | null) =>
    role === 'operator' || (id !== null && role === null && org.slug === PLATFORM_SLUG);
  const hidden = (r: (typeof page)[number]) =>
    viewer !== 'operator' &&
    (mayBeOperator(r.user_id, r.user_role) ||
      mayBeOperator(r.actor_id, r.actor_role) ||
      (r.actor_org_id !== null && r.actor_org_id !== org.id));
  return {
    events: page.map((r) => ({
      id: r.id,
      type: r.type,
      createdAt: r.created_at,
      user: person(r.user_id, r.user_name),
      actor: person(r.actor_id, r.actor_name),
      ip: hidden(r) ? null : r.ip,
      userAgentLabel: hidden(r) ? null : userAgentLabel(r.user_agent),
      userAgent: hidden(r) ? null : r.user_agent,
      details: JSON.parse(r.details) as ActivityEvent['details'],
    })),
    nextCursor: rows.length > limit && last ? `${last.created_at}.${last.id}` : null,
  };
}

function parseCursor(cursor: string | undefined): { at: number; id: string } | null {
  const m = cursor ? /^(\d{1,15})\.([0-9a-f-]{36})$/.exec(cursor) : null;
  return m ? { at: Number(m[1]), id: m[2]! } : null;
}

export const activityTypes = (): string[] => [...AUDIT_TYPES].sort();

/** Every matching event, newest first, read a thousand at a time so an export of any size streams. */
export async function* allActivity(
  deps: Deps,
  { org, query, viewer }: ActivityReader & { query: Omit<ActivityQuery, 'before' | 'limit'> },
): AsyncGenerator<ActivityEvent> {
  let before: string | undefined;
  do {
    const page = await listActivity(deps, { org, viewer, query: { ...query, before, limit: 1000 } });
    yield* page.events;
    before = page.nextCursor ?? undefined;
  } while (before);
}
