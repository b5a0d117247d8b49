import { updateAudited } from '../audit/audited-write.js';
import { recordAudit } from '../audit/record-audit.js';
import { precompiledRead } from '../db/precompiled.js';
import { forUpdate } from '../db/locks.js';
import { AppError } from '../errors.js';
import { endAppGrants } from '../oidc/end-grants.js';
import type { Organisation } from '../orgs/organisations.js';
import { endIssuedUnder, endSessionsApprovedBy, endShownIn } from '../sessions/end-issued.js';
import { checkName } from '../shared/names.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import type { User } from '../users/users.js';
import { toPasskeyView, type PasskeyView } from './passkey-view.js';

const passkeyRows = (deps: Deps, { user }: { user: User }) =>
  deps.db.selectFrom('passkeys').selectAll().where('user_id', '=', user.id).orderBy('created_at', 'asc').execute();

export async function listPasskeys(deps: Deps, { user }: { user: User }): Promise<PasskeyView[]> {
  return (await passkeyRows(deps, { user })).map((row) => toPasskeyView(deps, { row }));
}

/**
 * The member's passkeys, and which one is this browser's: the passkey that signed its session in (or was first created
 * in it), never a security key, which leaves with its owner. null when none did, or it was deleted since.
 */
export async function listPasskeysForSession(
  deps: Deps,
  { user, session }: { user: User; session: { id: string; passkey_id: string | null } },
): Promise<{ passkeys: PasskeyView[]; thisDevicePasskeyId: string | null }> {
  const rows = await passkeyRows(deps, { user });
  const passkeys = rows.map((row) => toPasskeyView(deps, { row }));
  const marked = passkeys.find((p) => p.id === session.passkey_id);
  // Signed in with a security key: the first passkey of the computer's own made in this session, if one was.
  const thisDevice = marked?.securityKey
    ? passkeys.find((p, i) => !p.securityKey && rows[i]!.created_session_id === session.id)
    : marked;
  return { passkeys, thisDevicePasskeyId: thisDevice?.id ?? null };
}

const findCredentialIds = precompiledRead((db, values: { userId: string }) =>
  db.selectFrom('passkeys').select('credential_id').where('user_id', '=', values.userId),
);

export async function acceptedCredentialIds(deps: Deps, input: { userId: string }): Promise<string[]> {
  const rows = await findCredentialIds(deps, input);
  return rows.map((r) => r.credential_id);
}

async function findOwnPasskey(
  deps: Deps,
  { user, passkeyId, locked = false }: { user: User; passkeyId: string; locked?: boolean },
) {
  const query = deps.db.selectFrom('passkeys').selectAll().where('id', '=', passkeyId).where('user_id', '=', user.id);
  const row = await (locked ? forUpdate(query, deps.dialect) : query).executeTakeFirst();
  // Another user's passkey is reported exactly like a missing one.
  if (!row) throw new AppError('PASSKEY_NOT_FOUND');
  return row;
}

export interface RenamePasskeyInput {
  user: User;
  passkeyId: string;
  name: string;
  context: RequestContext;
}

export async function renamePasskey(
  deps: Deps,
  { user, passkeyId, name, context }: RenamePasskeyInput,
): Promise<PasskeyView> {
  const trimmed = checkName(name, { field: 'name', max: 64 });
  const row = await findOwnPasskey(deps, { user, passkeyId });
  await updateAudited(deps, {
    orgId: user.org_id,
    type: 'passkey.renamed',
    userId: user.id,
    actorId: user.id,
    context,
    details: { passkeyId: row.id, from: row.name, to: trimmed },
    update: { table: 'passkeys', id: row.id, set: { name: trimmed } },
  });
  return toPasskeyView(deps, { row: { ...row, name: trimmed } });
}

export interface DeletePasskeyInput {
  org: Organisation;
  user: User;
  passkeyId: string;
  context: RequestContext;
  /** Who deletes it: the member themself unless given (an admin). */
  actorId?: string;
  /** The session asking, kept if the passkey signed it in: it was verified in the last 5 minutes. */
  askingSessionId: string;
}

/**
 * Deletes a passkey unless it is the member's last way to sign in (whoever asks: the member or an admin), and
 * ends what it was the way into: the sessions it signed in or was created in (where it is "This device": a
 * lost phone's), their apps' grants and tokens, and the member's open device links. Returns its credential id
 * for the Signal API.
 */
export async function deletePasskey(
  deps: Deps,
  { org, user, passkeyId, context, actorId = user.id, askingSessionId }: DeletePasskeyInput,
): Promise<{ credentialId: string }> {
  const { credentialId, endedSessionIds } = await inTransaction(deps, async (tx) => {
    // The passkey, then its member: the order a sign-in with it locks them (its counter, then its session), so
    // the two wait for each other instead of deadlocking. The member's lock makes two deletes of different
    // passkeys count one after the other: they cannot both see "another passkey is left".
    // (SQLite runs one write transaction at a time, so it needs no lock.)
    const row = await findOwnPasskey(tx, { user, passkeyId, locked: true });
    const userQuery = tx.db.selectFrom('users').select('password_hash').where('id', '=', user.id);
    const current = await forUpdate(userQuery, deps.dialect).executeTakeFirstOrThrow();
    const { n } = await tx.db
      .selectFrom('passkeys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    if (Number(n) <= 1 && current.password_hash === null) throw new AppError('LAST_SIGN_IN_METHOD');
    await tx.db.deleteFrom('passkeys').where('id', '=', row.id).execute();
    // The session it was created in too: that session may hold another passkey as "This device".
    const createdIn = row.created_session_id;
    const ended = await tx.db
      .updateTable('sessions')
      .set({ revoked_at: tx.clock() })
      .where((eb) => eb.or([eb('passkey_id', '=', row.id), ...(createdIn ? [eb('id', '=', createdIn)] : [])]))
      .where('revoked_at', 'is', null)
      .where('id', '!=', askingSessionId)
      .returning('id')
      .execute();
    // No session is "This device" for a passkey that is gone.
    await tx.db.updateTable('sessions').set({ passkey_id: null }).where('passkey_id', '=', row.id).execute();
    await recordAudit(tx, {
      orgId: user.org_id,
      type: 'passkey.deleted',
      userId: user.id,
      actorId,
      context,
      details: { passkeyId: row.id, name: row.name },
    });
    if (ended.length > 0)
      await recordAudit(tx, {
        orgId: user.org_id,
        type: 'session.revoked',
        userId: user.id,
        actorId,
        context,
        details: { count: ended.length, reason: 'passkey_deleted' },
      });
    // A device link it approved must not be collected after it is gone, nor a session that collected one stay.
    await endIssuedUnder(tx, {
      orgId: user.org_id,
      userId: user.id,
      actorId,
      context,
      reason: 'passkey_deleted',
    });
    const endedIds = ended.map(({ id }) => id);
    const approved = await endSessionsApprovedBy(tx, {
      orgId: user.org_id,
      userId: user.id,
      sessionIds: endedIds,
      passkeyId: row.id,
      keepSessionId: askingSessionId,
      actorId,
      context,
    });
    const endedSessionIds = [...endedIds, ...approved];
    await endShownIn(tx, { orgId: user.org_id, userId: user.id, actorId, context, sessionIds: endedSessionIds });
    return { credentialId: row.credential_id, endedSessionIds };
  });
  for (const sessionId of endedSessionIds) await endAppGrants(deps, { org, userId: user.id, sessionId });
  return { credentialId };
}

/**
 * Whether the user registered a passkey after `since` (any passkey when omitted). An enrollment code or
 * link issued before that is void: it was meant to get them their first passkey, not a second way in.
 */
export async function passkeyAddedSince(
  deps: Deps,
  { userId, since = -1 }: { userId: string; since?: number },
): Promise<boolean> {
  const row = await deps.db
    .selectFrom('passkeys')
    .select('id')
    .where('user_id', '=', userId)
    .where('created_at', '>', since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
