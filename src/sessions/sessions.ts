import type { Selectable } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { SessionsTable, SignInMethod } from '../db/types.js';
import { forUpdate } from '../db/locks.js';
import { AppError } from '../errors.js';
import { newId, randomToken, sha256 } from '../shared/crypto.js';
import { precompiledWrite } from '../db/precompiled.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import { lockUser } from '../users/lock-user.js';
import type { User } from '../users/users.js';
import { endIssuedUnder, endSessionsApprovedBy, endShownIn } from './end-issued.js';
import { browserSession } from './unended-sessions.js';

export type Session = Selectable<SessionsTable>;

const SESSION_COLUMNS = [
  'id',
  'org_id',
  'user_id',
  'token_hash',
  'method',
  'user_agent',
  'ip',
  'created_at',
  'last_seen_at',
  'expires_at',
  'verified_at',
  'revoked_at',
  'passkey_setup_required',
  'passkey_id',
] as const satisfies ReadonlyArray<keyof Session>;

/** Adding a passkey or changing the password needs proof of presence this recent. */
export const REVERIFY_WINDOW_MS = 5 * 60 * 1000;
// Writing last_seen_at on every request would make each page view a database write.
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface StartSessionInput {
  user: User;
  method: SignInMethod;
  context: RequestContext;
  /** The session this browser had before, revoked so a planted token cannot ride the new sign-in. */
  previousToken?: string;
  /**
   * That session was signed in when read, and its apps' grants move to the new one: revoked by someone else since,
   * the sign-in is refused (CONCURRENT_CHANGE; completeSignIn tries again, carrying nothing), so they end with that
   * revocation.
   */
  previousMustEnd?: boolean;
  /** Force Passkey Setup applies: this session may only create a passkey or sign out. */
  passkeySetupRequired?: boolean;
  /** The passkey that signed this session in, if one did. */
  passkeyId?: string;
  /** More facts for the sign-in's audit event (e.g. the approving session of a device link). */
  auditDetails?: Record<string, string | null>;
}

/** One session cookie per organisation, so a browser can be signed in to several; over https `__Host-` pins it. */
export const sessionCookieName = (deps: Deps, { orgSlug }: { orgSlug: string }) =>
  `${deps.config.secureCookies ? '__Host-' : ''}lk_session_${orgSlug}`;

// Every sign-in writes one, compiled once (precompiled.ts), and only while the account is active: its row is read
// under its lock in the same statement (one round trip on PostgreSQL), so a disable that commits first is seen
// here, and one that comes later revokes this session. Each column is named: the values are stand-ins.
const insertSessionIfActive = precompiledWrite((db, v: Session, dialect) =>
  db
    .insertInto('sessions')
    .columns(SESSION_COLUMNS)
    .expression((eb) =>
      forUpdate(
        eb
          .selectFrom('users')
          .select(SESSION_COLUMNS.map((column) => eb.val(v[column]).as(column)))
          .where('users.id', '=', v.user_id)
          .where('users.status', '=', 'active'),
        dialect,
      ),
    ),
);

// The browser's previous session, ended by its sign-in.
const revokeByToken = precompiledWrite((db, v: { tokenHash: string; now: number }) =>
  db
    .updateTable('sessions')
    .set({ revoked_at: v.now })
    .where('token_hash', '=', v.tokenHash)
    .where('revoked_at', 'is', null),
);

/** Creates a session after a sign-in, in the caller's transaction; returns the cookie token (stored only hashed). */
export async function startSessionIn(
  deps: TxDeps,
  input: StartSessionInput,
): Promise<{ token: string; session: Session }> {
  const now = deps.clock();
  const token = randomToken();
  const session: Session = {
    id: newId(),
    org_id: input.user.org_id,
    user_id: input.user.id,
    token_hash: sha256(token),
    method: input.method,
    user_agent: input.context.userAgent?.slice(0, 512) ?? null,
    ip: input.context.ip,
    created_at: now,
    last_seen_at: now,
    expires_at: now + deps.config.sessionMaxDays * 24 * 60 * 60 * 1000,
    verified_at: now,
    revoked_at: null,
    passkey_setup_required: input.passkeySetupRequired ? 1 : 0,
    passkey_id: input.passkeyId ?? null,
  };
  await insertSessionIfActive.queue(deps, session, () => new AppError('ACCOUNT_DISABLED'));
  // After the account's lock, as a disable takes them: the two never wait for each other in turn.
  if (input.previousToken)
    await revokeByToken.queue(
      deps,
      { tokenHash: sha256(input.previousToken), now },
      input.previousMustEnd ? () => new AppError('CONCURRENT_CHANGE') : undefined,
    );
  await recordAudit(deps, {
    orgId: input.user.org_id,
    type: 'sign_in.succeeded',
    userId: input.user.id,
    actorId: input.user.id,
    context: input.context,
    details: { method: input.method, sessionId: session.id, ...input.auditDetails },
  });
  return { token, session };
}

/** The live session for this token in this organisation, or undefined. Never accepts another org's session. */
export async function resolveSession(
  deps: Deps,
  { orgId, token }: { orgId: string; token: string | undefined },
): Promise<Session | undefined> {
  // The browser's session, then only if still signed in (not idle).
  const session = await browserSession(deps, { orgId, token });
  const now = deps.clock();
  if (!session || !isLive(deps, { session, now })) return undefined;
  return touchSession(deps, { session, now });
}

/** Records that the session is in use, at most once a minute: the session as now seen (itself if not written). */
export async function touchSession<S extends Session>(
  deps: Deps,
  { session, now }: { session: S; now: number },
): Promise<S> {
  if (now - session.last_seen_at <= TOUCH_INTERVAL_MS) return session;
  await deps.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', session.id).execute();
  return { ...session, last_seen_at: now };
}

/** Whether the session is not revoked, expired or idle too long at `now`. */
export function isLive(
  deps: Deps,
  { session, now }: { session: Pick<Session, 'revoked_at' | 'expires_at' | 'last_seen_at'>; now: number },
): boolean {
  const idleLimit = deps.config.sessionIdleMinutes * 60 * 1000;
  return session.revoked_at === null && session.expires_at > now && session.last_seen_at + idleLimit > now;
}

/** Whether this session is still signed in (not revoked, expired or idle too long). */
export async function isSessionLive(deps: Deps, { sessionId }: { sessionId: string }): Promise<boolean> {
  const session = await deps.db
    .selectFrom('sessions')
    .select(['revoked_at', 'expires_at', 'last_seen_at'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return session !== undefined && isLive(deps, { session, now: deps.clock() });
}

export function isRecentlyVerified(deps: Deps, { session }: { session: Session }): boolean {
  return deps.clock() - session.verified_at < REVERIFY_WINDOW_MS;
}

export function requireRecentVerification(deps: Deps, input: { session: Session }): void {
  if (!isRecentlyVerified(deps, input)) throw new AppError('REVERIFY_REQUIRED');
}

export interface MarkVerifiedInput {
  session: Session;
  method: 'passkey' | 'password';
  context: RequestContext;
}

/** Records a fresh proof of presence on the session (re-verification), with its audit event. */
export async function markVerified(deps: Deps, { session, method, context }: MarkVerifiedInput): Promise<void> {
  await inTransaction(deps, async (tx) => {
    await tx.db.updateTable('sessions').set({ verified_at: deps.clock() }).where('id', '=', session.id).execute();
    await recordAudit(tx, {
      orgId: session.org_id,
      type: 'session.reverified',
      userId: session.user_id,
      actorId: session.user_id,
      context,
      details: { method, sessionId: session.id },
    });
  });
}

export interface RevokeInput {
  orgId: string;
  userId: string;
  /** Which sessions: one by id, or every one except `keepSessionId`. */
  sessionId?: string;
  keepSessionId?: string;
  /** The member's session asking for `sessionId` to end: kept, though that one approved its device link. */
  askingSessionId?: string;
  reason: 'sign_out' | 'revoked_by_user' | 'revoked_by_admin';
  /** null: the CLI on the server. */
  actorId: string | null;
  context: RequestContext;
}

/** Sessions revoked: how many, and which of them because a revoked one had approved their device link. */
export interface Revoked {
  count: number;
  approvedSessionIds: string[];
}

/**
 * Revokes sessions of this user in the caller's transaction and ends what was issued under them
 * (device links first, while the user is locked, so none is collected between the two; then the sessions that
 * collected one the revoked sessions approved).
 */
export async function revokeSessionsIn(
  deps: TxDeps,
  input: Omit<RevokeInput, 'reason' | 'context'> & {
    reason: RevokeInput['reason'] | 'recovery' | 'user_disabled' | 'user_deleted';
    context?: RequestContext;
  },
): Promise<Revoked> {
  await lockUser(deps, { userId: input.userId });
  const reason =
    input.reason === 'recovery' || input.reason === 'user_disabled' || input.reason === 'user_deleted'
      ? input.reason
      : 'sessions_revoked';
  await endIssuedUnder(deps, {
    orgId: input.orgId,
    userId: input.userId,
    actorId: input.actorId,
    context: input.context,
    reason,
  });
  let query = deps.db
    .updateTable('sessions')
    .set({ revoked_at: deps.clock() })
    .where('user_id', '=', input.userId)
    .where('org_id', '=', input.orgId)
    .where('revoked_at', 'is', null);
  if (input.sessionId) query = query.where('id', '=', input.sessionId);
  if (input.keepSessionId) query = query.where('id', '!=', input.keepSessionId);
  const revoked = (await query.returning('id').execute()).map(({ id }) => id);
  const approvedSessionIds = await endSessionsApprovedBy(deps, {
    orgId: input.orgId,
    userId: input.userId,
    sessionIds: revoked,
    keepSessionId: input.keepSessionId ?? input.askingSessionId,
    actorId: input.actorId,
    context: input.context,
  });
  // Ended by anything but its own sign-out (another device, sign out everywhere, a recovery, a disable): what it was
  // shown may be in the wrong hands. An admin signing out at the end of the day keeps the links they handed over.
  const { orgId, userId, actorId, context } = input;
  const ended = input.reason === 'sign_out' ? approvedSessionIds : [...revoked, ...approvedSessionIds];
  await endShownIn(deps, { orgId, userId, actorId, context, sessionIds: ended });
  return { count: revoked.length, approvedSessionIds };
}
