import type { Selectable } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { OutboxPurpose, OutboxTable } from '../db/types.js';
import { newId } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import type { MailMessage } from '../shared/mailer.js';
import { describeMailError } from './mailer.js';

export type OutboxRow = Selectable<OutboxTable>;

/** Attempts before a mail is given up; with the backoff below (30 s doubling to 1 h), that spans about three hours. */
export const MAX_ATTEMPTS = 10;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60 * 1000;
/** A claimed mail is its worker's to send for this long; the mailer's timeouts add up to well under it. */
const CLAIM_MS = 2 * 60 * 1000;
const EXPIRED = 'The link expired before the email could be delivered';

export function retryDelay(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

export interface QueueInput extends MailMessage {
  orgId: string;
  userId: string;
  purpose: OutboxPurpose;
  expiresAt: number;
  createdBy: string | null;
}

/**
 * A mail, not yet written. Without SMTP there is nobody to send it: the admin is handed the link
 * instead, and the mail is kept as the record of that handover ("handed_over") without its text, so no
 * working link waits in the database.
 */
export function newOutboxRow(deps: Deps, input: QueueInput): OutboxRow {
  const now = deps.clock();
  return {
    id: newId(),
    org_id: input.orgId,
    user_id: input.userId,
    purpose: input.purpose,
    to_address: input.to,
    subject: input.subject,
    text_body: deps.mailer ? input.text : null,
    status: deps.mailer ? 'queued' : 'handed_over',
    attempts: 0,
    next_attempt_at: deps.mailer ? now : null,
    locked_until: null,
    claim_id: null,
    last_error: null,
    expires_at: input.expiresAt,
    created_by: input.createdBy,
    created_at: now,
    sent_at: null,
  };
}

/** Writes the mail in the caller's transaction: it exists exactly when what it announces does. */
export async function queueMail(deps: TxDeps, input: QueueInput): Promise<OutboxRow> {
  const row = newOutboxRow(deps, input);
  await deps.db.insertInto('outbox').values(row).execute();
  return row;
}

/**
 * Takes one queued mail for this worker (`due`: only once its next attempt is due);
 * several instances may race, one wins.
 */
async function claim(deps: Deps, { id, due }: { id: string; due: boolean }): Promise<OutboxRow | undefined> {
  const now = deps.clock();
  let query = deps.db
    .updateTable('outbox')
    .set((eb) => ({
      locked_until: now + CLAIM_MS,
      claim_id: newId(),
      attempts: due ? eb('attempts', '+', 1) : eb.ref('attempts'),
    }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]));
  if (due) query = query.where('next_attempt_at', '<=', now);
  return query.returningAll().executeTakeFirst();
}

type Outcome = { sent: true } | { sent: false; reason: string; giveUp: boolean };

/**
 * Records how an attempt went, only if this worker still holds the claim and the mail is still queued
 * (a recovery may have cancelled it meanwhile); the audit event is written once, with the change.
 */
async function settle(deps: Deps, { row, outcome }: { row: OutboxRow; outcome: Outcome }): Promise<void> {
  const now = deps.clock();
  const changes = outcome.sent
    ? // Delivered: the link leaves the database; only the fact that it was sent stays.
      { status: 'sent' as const, sent_at: now, text_body: null, last_error: null, next_attempt_at: null }
    : outcome.giveUp
      ? { status: 'failed' as const, text_body: null, last_error: outcome.reason, next_attempt_at: null }
      : { last_error: outcome.reason, next_attempt_at: now + retryDelay(row.attempts) };
  await inTransaction(deps, async (tx) => {
    const result = await tx.db
      .updateTable('outbox')
      .set({ ...changes, locked_until: null, claim_id: null })
      .where('id', '=', row.id)
      .where('claim_id', '=', row.claim_id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1 || !(outcome.sent || outcome.giveUp)) return;
    await recordAudit(tx, {
      orgId: row.org_id,
      type: outcome.sent ? 'enrollment_email.sent' : 'enrollment_email.failed',
      userId: row.user_id,
      details: {
        emailId: row.id,
        purpose: row.purpose,
        attempts: row.attempts,
        ...(outcome.sent ? {} : { reason: outcome.reason }),
      },
    });
  });
}

const current = (deps: Deps, id: string) =>
  deps.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * Mail with a link not yet sent to this user is given up (its text deleted); returns how many. A notice holds no
 * link and tells the member what was done to their account: what comes after it (a recovery, a disable) lets it go.
 */
export async function cancelQueuedMail(
  deps: TxDeps,
  { userId, reason }: { userId: string; reason: string },
): Promise<number> {
  const result = await deps.db
    .updateTable('outbox')
    .set({ status: 'failed', text_body: null, next_attempt_at: null, last_error: `Cancelled: ${reason}` })
    .where('user_id', '=', userId)
    .where('status', '=', 'queued')
    .where('purpose', '!=', 'notice')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Tries to deliver one mail now (if it is due and nobody else holds it); returns its row afterwards. */
export async function deliver(deps: Deps, { id }: { id: string }): Promise<OutboxRow | undefined> {
  if (!deps.mailer) return current(deps, id);
  const row = await claim(deps, { id, due: true });
  if (row) {
    if (row.expires_at <= deps.clock() || row.text_body === null) {
      await settle(deps, { row, outcome: { sent: false, reason: EXPIRED, giveUp: true } });
    } else {
      try {
        await deps.mailer.send({ to: row.to_address, subject: row.subject, text: row.text_body });
        await settle(deps, { row, outcome: { sent: true } });
      } catch (err) {
        const { reason, permanent } = describeMailError(err);
        await settle(deps, {
          row,
          outcome: { sent: false, reason, giveUp: permanent || row.attempts >= MAX_ATTEMPTS },
        });
      }
    }
  }
  return current(deps, id);
}

/** The ids of mail still waiting to be sent, to narrow down. */
const queuedIds = (deps: Deps) => deps.db.selectFrom('outbox').select('id').where('status', '=', 'queued');

/** Gives up queued mail whose link has expired: no point sending a link that no longer works. */
export async function expireOverdue(deps: Deps): Promise<number> {
  const overdue = await queuedIds(deps).where('expires_at', '<=', deps.clock()).limit(100).execute();
  for (const { id } of overdue) {
    const row = await claim(deps, { id, due: false });
    if (row) await settle(deps, { row, outcome: { sent: false, reason: EXPIRED, giveUp: true } });
  }
  return overdue.length;
}

/** Delivers what is due, oldest first; returns how many were tried. The worker calls it on a timer. */
export async function deliverDue(
  deps: Deps,
  { limit = 20, stopping = () => false }: { limit?: number; stopping?: () => boolean } = {},
): Promise<number> {
  if (!deps.mailer) return 0;
  await expireOverdue(deps);
  const now = deps.clock();
  const due = await queuedIds(deps)
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  let delivered = 0;
  for (const { id } of due) {
    // Shutting down: the rest stay queued for the next round, here or on another instance.
    if (stopping()) break;
    await deliver(deps, { id });
    delivered += 1;
  }
  return delivered;
}

/** What an admin sees of a mail: never its body, which holds the link. */
export function outboxView(row: OutboxRow) {
  return {
    id: row.id,
    userId: row.user_id,
    to: row.to_address,
    subject: row.subject,
    purpose: row.purpose,
    state: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'queued' ? row.next_attempt_at : null,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

export async function listOutbox(
  deps: Deps,
  { orgId, userId, limit = 50 }: { orgId: string; userId?: string; limit?: number },
) {
  let query = deps.db.selectFrom('outbox').selectAll().where('org_id', '=', orgId);
  if (userId) query = query.where('user_id', '=', userId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(outboxView);
}
