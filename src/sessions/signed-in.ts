import { qualified, USER_COLUMNS } from '../db/columns.js';
import { precompiledRead } from '../db/precompiled.js';
import { sha256 } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';
import type { User } from '../users/users.js';
import { signedInCacheOf } from './signed-in-cache.js';
import { isLive, touchSession, type Session } from './sessions.js';

export interface SignedIn {
  session: Session;
  user: User;
  /** The member's passkeys when the request began, for read-only answers (GET /me). */
  passkeyCount: number;
}

// The one query of every signed-in request, compiled once.
const findSignedIn = precompiledRead((db, values: { tokenHash: string; orgId: string }) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(qualified('u', USER_COLUMNS))
    .select((eb) => [
      's.id as session_id',
      's.user_id as session_user_id',
      's.token_hash',
      's.method',
      's.user_agent',
      's.ip',
      's.created_at as session_created_at',
      's.last_seen_at',
      's.expires_at',
      's.verified_at',
      's.revoked_at',
      's.passkey_setup_required',
      's.passkey_id',
      eb
        .selectFrom('passkeys')
        .select((count) => count.fn.countAll<number>().as('n'))
        .whereRef('passkeys.user_id', '=', 's.user_id')
        .as('passkey_count'),
    ])
    .where('s.token_hash', '=', values.tokenHash)
    .where('s.org_id', '=', values.orgId)
    .where('s.revoked_at', 'is', null),
);

/**
 * The live session for this token in this organisation with its active user and passkey count, in one
 * query (or none, where the answer is kept: signed-in-cache.ts): every signed-in request runs it. Never accepts
 * another organisation's session.
 */
export async function resolveSignedIn(
  deps: Deps,
  { orgId, token }: { orgId: string; token: string | undefined },
): Promise<SignedIn | undefined> {
  if (!token || token.length > 100) return undefined;
  const tokenHash = sha256(token);
  const cache = signedInCacheOf(deps.db);
  const key = `${orgId} ${tokenHash}`;
  const readAt = cache?.version();
  const now = deps.clock();
  let signedIn = readAt === undefined ? undefined : cache?.get(key, readAt);
  // A kept session may not know its latest sight (signed-in-cache.ts): before calling it idle, read it again.
  if (signedIn && !isLive(deps, { session: signedIn.session, now })) signedIn = undefined;
  if (!signedIn) {
    signedIn = await readSignedIn(deps, { tokenHash, orgId });
    if (!signedIn || !isLive(deps, { session: signedIn.session, now })) return undefined;
    if (readAt !== undefined) cache?.keep(key, signedIn, readAt);
  }
  const session = await touchSession(deps, { session: signedIn.session, now });
  if (session === signedIn.session) return signedIn;
  // Kept again with its new sight: the sight itself changes no kept answer, so nothing else is dropped.
  const seen = { ...signedIn, session };
  if (readAt !== undefined) cache?.keep(key, seen, readAt);
  return seen;
}

async function readSignedIn(
  deps: Deps,
  { tokenHash, orgId }: { tokenHash: string; orgId: string },
): Promise<SignedIn | undefined> {
  const [row] = await findSignedIn(deps, { tokenHash, orgId });
  if (!row || row.status !== 'active') return undefined;
  const { session_id, session_user_id, session_created_at, passkey_count, ...rest } = row;
  const { token_hash, method, user_agent, ip, last_seen_at, expires_at, verified_at, revoked_at, ...user } = rest;
  const { passkey_setup_required, passkey_id, ...userColumns } = user;
  const session: Session = {
    id: session_id,
    org_id: userColumns.org_id,
    user_id: session_user_id,
    token_hash,
    method,
    user_agent,
    ip,
    created_at: session_created_at,
    last_seen_at,
    expires_at,
    verified_at,
    revoked_at,
    passkey_setup_required,
    passkey_id,
  };
  return { session, user: userColumns, passkeyCount: Number(passkey_count ?? 0) };
}
