import type { Insertable } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { EnrollmentLinksTable } from '../db/types.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { passkeyAddedSince } from '../passkeys/manage.js';
import { newId, randomToken, sha256 } from '../shared/crypto.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import { lockUser } from '../users/lock-user.js';
import { getUser, type User } from '../users/users.js';
import { requireIssuerOver } from './issuer.js';

export interface SetupLink {
  /** Shown once to whoever created it; only its hash is stored. */
  url: string;
  expiresAt: number;
}

type SetupLinkInput = {
  org: Organisation;
  user: Pick<User, 'id'>;
  purpose: EnrollmentLinksTable['purpose'];
  createdBy: string | null;
  /** The session it is shown in, if shown to its creator (not emailed): it ends with that session. */
  issuedSessionId?: string;
  validForMs: number;
};

/**
 * A one-time link, not yet written: its row (only the token's hash) and its URL. The token sits in the
 * URL fragment, which browsers never send to a server, so it stays out of access logs.
 */
export function newSetupLink(deps: Deps, input: SetupLinkInput) {
  const token = randomToken();
  const now = deps.clock();
  const row: Insertable<EnrollmentLinksTable> = {
    id: newId(),
    org_id: input.org.id,
    user_id: input.user.id,
    token_hash: sha256(token),
    purpose: input.purpose,
    created_by: input.createdBy,
    issued_session_id: input.issuedSessionId ?? null,
    expires_at: now + input.validForMs,
    used_at: null,
    created_at: now,
  };
  const url = new URL(`/o/${input.org.slug}/setup`, deps.config.publicUrl);
  url.hash = `token=${token}`;
  return { row, id: row.id, url: url.toString(), expiresAt: row.expires_at };
}

/** Writes a one-time link in the caller's transaction (with the mail that carries it, say). */
export async function insertSetupLink(deps: TxDeps, input: SetupLinkInput): Promise<SetupLink & { id: string }> {
  const { row, ...link } = newSetupLink(deps, input);
  await deps.db.insertInto('enrollment_links').values(row).execute();
  return link;
}

export interface CreateSetupLinkInput {
  org: Organisation;
  user: User;
  /** The admin who made it; null: first start or the CLI. */
  createdBy: string | null;
  /** The session it is shown in (see SetupLinkInput). */
  issuedSessionId?: string;
  /** How long it works; the configured SETUP_LINK_DAYS unless given. */
  validForMs?: number;
  /** More facts for the audit event (e.g. a link forced for someone already Enrolled). */
  auditDetails?: Record<string, string | number | boolean>;
}

/** A one-time link with which a user sets up their account (password and passkey): first start and the CLI. */
export async function createSetupLink(deps: Deps, input: CreateSetupLinkInput): Promise<SetupLink> {
  const { org, user, createdBy, issuedSessionId, auditDetails = {} } = input;
  const validForMs = input.validForMs ?? deps.config.setupLinkDays * 24 * 60 * 60 * 1000;
  return inTransaction(deps, async (tx) => {
    await requireIssuerOver(tx, { actorId: createdBy, sessionId: issuedSessionId, org, user });
    const link = await insertSetupLink(tx, { org, user, purpose: 'setup', createdBy, issuedSessionId, validForMs });
    await recordAudit(tx, {
      orgId: org.id,
      type: 'setup_link.created',
      userId: user.id,
      actorId: createdBy,
      details: { expiresAt: link.expiresAt, ...auditDetails },
    });
    return { url: link.url, expiresAt: link.expiresAt };
  });
}

/** When the user's last unused link (setup, enrollment or recovery) stops working, if one still works. */
export async function liveSetupLink(deps: Deps, { userId }: { userId: string }): Promise<{ expiresAt: number } | null> {
  const row = await deps.db
    .selectFrom('enrollment_links')
    .select((eb) => eb.fn.max<number>('expires_at').as('expires_at'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', deps.clock())
    .executeTakeFirst();
  return row?.expires_at == null ? null : { expiresAt: Number(row.expires_at) };
}

export interface CheckedSetupLink {
  org: Organisation;
  user: User;
  link: { id: string; purpose: EnrollmentLinksTable['purpose'] };
  context: RequestContext;
}

/**
 * Finds a live setup link and its user with reads only; `useSetupLink` then uses it up in the sign-in's
 * transaction, so a sign-in refused after this (the account disabled meanwhile) leaves the link working.
 * A link is void once its user registered a passkey after it was made (passkey registration voids it too; this
 * holds for a race). A link made for someone already Enrolled (`latchkey enroll-link`) still works once.
 */
export async function checkSetupLink(
  deps: Deps,
  { org, token, context }: { org: Organisation; token: string; context: RequestContext },
): Promise<CheckedSetupLink> {
  const link = await deps.db
    .selectFrom('enrollment_links')
    .select(['id', 'user_id', 'purpose', 'created_at'])
    .where('token_hash', '=', sha256(token))
    .where('org_id', '=', org.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', deps.clock())
    .executeTakeFirst();
  if (!link) throw new AppError('SETUP_LINK_INVALID');
  const user = await getUser(deps, { orgId: org.id, userId: link.user_id });
  const checked = { org, user, link: { id: link.id, purpose: link.purpose }, context };
  if (user.status !== 'active') await refuseSetupLink(deps, checked, 'account_disabled');
  if (await passkeyAddedSince(deps, { userId: user.id, since: link.created_at }))
    await refuseSetupLink(deps, checked, 'already_enrolled');
  return checked;
}

/** Uses the link up, in the sign-in's transaction: one statement, so it works exactly once. */
export async function useSetupLink(deps: TxDeps, { org, user, link, context }: CheckedSetupLink): Promise<void> {
  // The member first, then their link, as everything that voids links takes them (registration, disable, recovery).
  await lockUser(deps, { userId: user.id });
  const now = deps.clock();
  const used = await deps.db
    .updateTable('enrollment_links')
    .set({ used_at: now })
    .where('id', '=', link.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('id')
    .executeTakeFirst();
  if (!used) throw new AppError('SETUP_LINK_INVALID');
  await recordAudit(deps, {
    orgId: org.id,
    type: 'setup_link.redeemed',
    userId: user.id,
    actorId: user.id,
    context,
    details: { linkId: link.id, purpose: link.purpose },
  });
}

/** Records why a live link did not sign its user in, and refuses. */
export async function refuseSetupLink(
  deps: Deps,
  { org, user, link, context }: CheckedSetupLink,
  reason: 'account_disabled' | 'already_enrolled',
): Promise<never> {
  await recordAudit(deps, {
    orgId: org.id,
    type: 'setup_link.refused',
    userId: user.id,
    context,
    details: { linkId: link.id, purpose: link.purpose, reason },
  });
  throw new AppError(reason === 'account_disabled' ? 'ACCOUNT_DISABLED' : 'SETUP_LINK_INVALID');
}
