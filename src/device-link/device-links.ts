import type { Selectable } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { DeviceLinkStatus, DeviceLinksTable } from '../db/types.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { userAgentLabel } from '../passkeys/names.js';
import { consumeAttempt } from '../ratelimit/limit.js';
import type { Session } from '../sessions/sessions.js';
import { newId } from '../shared/crypto.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import { findUserByIdentifier, type User } from '../users/users.js';
import { generateCode, hashCode, normaliseCode } from './code.js';
import { DEVICE_LINK_STATES } from './schemas.js';
import { limitedAddress } from '../ratelimit/address.js';

export type DeviceLink = Selectable<DeviceLinksTable>;

export const DEVICE_LINK_TTL_MS = 5 * 60 * 1000;
const FIFTEEN_MINUTES = 15 * 60 * 1000;
/** Codes a member may enter in 15 minutes, over all their sessions (passkey sign-ins are not limited). */
const ENTRIES_PER_MEMBER = 5;
/** Codes entered from one address in 15 minutes: several accounts of one person or one office. */
const ENTRIES_PER_ADDRESS = 50;
/**
 * Codes the whole organisation may see entered in 15 minutes: caps guessing spread over many accounts
 * and addresses. Counted only after the member and address limits passed, so one member cannot reach it.
 */
const ENTRIES_PER_ORG = 1000;
/** Sign-in codes one address may ask for in 15 minutes (each new device asks for one). */
const STARTS_PER_ADDRESS = 30;
/** How often a new device may ask about its code in a minute (the page asks every second). */
const POLLS_PER_MINUTE = 150;
/** Entries of one code from other accounts before that code is void. */
const WRONG_ACCOUNT_ENTRIES_PER_CODE = 3;

export type DeviceLinkState = (typeof DEVICE_LINK_STATES)[number];

function stateOf(link: DeviceLink, now: number): DeviceLinkState {
  if (link.status === 'completed') return 'completed';
  if (link.status === 'void' || link.expires_at <= now) return link.status === 'denied' ? 'denied' : 'expired';
  return link.status;
}

export interface RequestDeviceLinkInput {
  org: Organisation;
  /** The username or email typed on the new device. */
  identifier: string;
  /** Ties the request to the browser that made it (a hash of its ceremony cookie). */
  bindingHash: string;
  context: RequestContext;
}

/** New device: asks to be signed in as the account typed on it. An unknown account gets a code that never works. */
export async function requestDeviceLink(deps: Deps, { org, identifier, bindingHash, context }: RequestDeviceLinkInput) {
  if (context.ip)
    await consumeAttempt(deps, `dl:start:${limitedAddress(context.ip)}`, STARTS_PER_ADDRESS, FIFTEEN_MINUTES);
  const user = await findUserByIdentifier(deps, { orgId: org.id, identifier });
  const code = generateCode();
  const now = deps.clock();
  const link: DeviceLink = {
    id: newId(),
    org_id: org.id,
    user_id: user?.id ?? null,
    code_hash: hashCode(deps, normaliseCode(code)!),
    binding_hash: bindingHash,
    status: 'pending',
    requester_ip: context.ip,
    requester_user_agent: context.userAgent,
    failed_attempts: 0,
    approved_by_session_id: null,
    approved_with_passkey_id: null,
    session_id: null,
    created_at: now,
    expires_at: now + DEVICE_LINK_TTL_MS,
    decided_at: null,
  };
  await inTransaction(deps, async (tx) => {
    await tx.db.insertInto('device_links').values(link).execute();
    if (user)
      await recordAudit(tx, {
        orgId: org.id,
        type: 'device_link.requested',
        userId: user.id,
        context,
        details: { requestId: link.id },
      });
  });
  return { id: link.id, code, expiresAt: link.expires_at };
}

/** New device: the state of its own request. Another browser learns nothing, not even that it exists. */
export async function deviceLinkState(
  deps: Deps,
  { org, id, bindingHash }: { org: Organisation; id: string; bindingHash: string },
): Promise<{ state: DeviceLinkState; expiresAt: number }> {
  await consumeAttempt(deps, `dl:poll:${id}`, POLLS_PER_MINUTE, 60_000);
  const link = await deps.db
    .selectFrom('device_links')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', org.id)
    .where('binding_hash', '=', bindingHash)
    .executeTakeFirst();
  if (!link) throw new AppError('DEVICE_LINK_NOT_FOUND');
  return { state: stateOf(link, deps.clock()), expiresAt: link.expires_at };
}

export interface DeviceLinkView {
  id: string;
  userAgentLabel: string | null;
  ip: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface FindDeviceLinkInput {
  org: Organisation;
  user: User;
  /** The code as the member typed it. */
  code: string;
  context: RequestContext;
}

/** Signed-in device: finds the pending request behind a code, for this account only. */
export async function findDeviceLinkByCode(
  deps: Deps,
  { org, user, code: typed, context }: FindDeviceLinkInput,
): Promise<DeviceLinkView> {
  // Every entry is counted, atomically and before the lookup: parallel requests cannot slip past the
  // limit, and a correct code does not buy more guesses (a reset would let a member's own codes do so).
  // Narrowest first: an entry refused by one limit is not counted by the wider ones.
  await consumeAttempt(deps, `dl:entries-user:${user.id}`, ENTRIES_PER_MEMBER, FIFTEEN_MINUTES);
  if (context.ip)
    await consumeAttempt(
      deps,
      `dl:entries-ip:${org.id}:${limitedAddress(context.ip)}`,
      ENTRIES_PER_ADDRESS,
      FIFTEEN_MINUTES,
    );
  await consumeAttempt(deps, `dl:entries-org:${org.id}`, ENTRIES_PER_ORG, FIFTEEN_MINUTES);
  const fail = async (reason: string) => {
    await recordAudit(deps, {
      orgId: org.id,
      type: 'device_link.code_failed',
      userId: user.id,
      actorId: user.id,
      context,
      details: { reason },
    });
    // The same answer for a mistyped, expired, used or other account's code: it says nothing about anyone else.
    throw new AppError('DEVICE_CODE_INVALID');
  };
  const code = normaliseCode(typed);
  if (!code) return fail('malformed');
  const now = deps.clock();
  const link = await deps.db
    .selectFrom('device_links')
    .selectAll()
    .where('org_id', '=', org.id)
    .where('code_hash', '=', hashCode(deps, code))
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!link) return fail('unknown_or_expired');
  if (link.user_id !== user.id) {
    // Someone else's code: count it against that code too, so it cannot be probed from many accounts.
    await deps.db
      .updateTable('device_links')
      .set((eb) => ({
        failed_attempts: eb('failed_attempts', '+', 1),
        status: eb
          .case()
          .when('failed_attempts', '>=', WRONG_ACCOUNT_ENTRIES_PER_CODE - 1)
          .then(eb.val<DeviceLinkStatus>('void'))
          .else(eb.ref('status'))
          .end(),
      }))
      .where('id', '=', link.id)
      .execute();
    return fail('other_account');
  }
  return {
    id: link.id,
    userAgentLabel: userAgentLabel(link.requester_user_agent),
    ip: link.requester_ip,
    createdAt: link.created_at,
    expiresAt: link.expires_at,
  };
}

export interface DecideDeviceLinkInput {
  org: Organisation;
  user: User;
  /** The signed-in session that decides; an approval is void once it ends. */
  session: Session;
  id: string;
  approve: boolean;
  /** The passkey the member confirmed the approval with: deleting it ends what the approval gave. */
  approvedWithPasskeyId?: string | null;
  context: RequestContext;
}

/** Signed-in device: approves (after the caller re-verified the user) or denies its own account's pending request. */
export async function decideDeviceLink(
  deps: Deps,
  { org, user, session, id, approve, approvedWithPasskeyId = null, context }: DecideDeviceLinkInput,
): Promise<void> {
  const now = deps.clock();
  // The decision and its audit event commit together: no approval the audit log does not show.
  await inTransaction(deps, async (tx) => {
    const result = await tx.db
      .updateTable('device_links')
      .set({
        status: approve ? 'approved' : 'denied',
        decided_at: now,
        approved_by_session_id: approve ? session.id : null,
        approved_with_passkey_id: approve ? approvedWithPasskeyId : null,
      })
      .where('id', '=', id)
      .where('org_id', '=', org.id)
      .where('user_id', '=', user.id)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new AppError('DEVICE_LINK_NOT_FOUND');
    await recordAudit(tx, {
      orgId: org.id,
      type: approve ? 'device_link.approved' : 'device_link.denied',
      userId: user.id,
      actorId: user.id,
      context,
      details: { requestId: id, approvingSessionId: session.id },
    });
  });
}
