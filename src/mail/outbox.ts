import type { Kysely, Selectable, Transaction } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { DB, EnrollmentPurpose, OutboxTable } from '../db/types.js';
import { newId } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';
import { describeMailError, type MailMessage } from './mailer.js';

export type OutboxRow = Selectable<OutboxTable>;

/** Attempts before a mail is given up; with the backoff below (30 s doubling to 1 h), that spans about three hours. */
export const MAX_ATTEMPTS = 10;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60 * 1000;
/** A claimed mail is someone else's to send for this long (an SMTP conversation never takes longer). */
const CLAIM_MS = 2 * 60 * 1000;
export const NOT_CONFIGURED = 'SMTP is not configured on this server: the email waits here until it is.';

export function retryDelay(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

export interface QueueInput extends MailMessage {
  orgId: string;
  userId: string;
  purpose: EnrollmentPurpose;
  expiresAt: number;
  createdBy: string | null;
}

/** Writes the mail in the caller's transaction: it exists exactly when what it announces does. */
export async function queueMail(trx: Transaction<DB>, deps: Deps, input: QueueInput): Promise<OutboxRow> {
  const row: OutboxRow = {
    id: newId(),
    org_id: input.orgId,
    user_id: input.userId,
    purpose: input.purpose,
    to_address: input.to,
    subject: input.subject,
    text_body: input.text,
    status: 'queued',
    attempts: 0,
    next_attempt_at: deps.clock(),
    locked_until: null,
    last_error: deps.mailer ? null : NOT_CONFIGURED,
    expires_at: input.expiresAt,
    created_by: input.createdBy,
    created_at: deps.clock(),
    sent_at: null,
  };
  await trx.insertInto('outbox').values(row).execute();
  return row;
}

/** Takes one due mail for this worker; several instances may race, exactly one wins. */
async function claim(deps: Deps, id: string): Promise<OutboxRow | undefined> {
  const now = deps.clock();
  return deps.db
    .updateTable('outbox')
    .set((eb) => ({ locked_until: now + CLAIM_MS, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returningAll()
    .executeTakeFirst();
}

async function settle(db: Kysely<DB>, deps: Deps, row: OutboxRow, outcome: { sent: true } | { sent: false; reason: string; giveUp: boolean }): Promise<void> {
  const now = deps.clock();
  await db.transaction().execute(async (trx) => {
    if (outcome.sent) {
      // Delivered: the link leaves the database; only the fact that it was sent stays.
      await trx.updateTable('outbox').set({ status: 'sent', sent_at: now, text_body: null, locked_until: null, last_error: null, next_attempt_at: null }).where('id', '=', row.id).execute();
    } else if (outcome.giveUp) {
      await trx.updateTable('outbox').set({ status: 'failed', text_body: null, locked_until: null, last_error: outcome.reason, next_attempt_at: null }).where('id', '=', row.id).execute();
    } else {
      await trx.updateTable('outbox').set({ locked_until: null, last_error: outcome.reason, next_attempt_at: now + retryDelay(row.attempts) }).where('id', '=', row.id).execute();
    }
    if (outcome.sent || outcome.giveUp) {
      await recordAudit(trx, deps.clock, {
        orgId: row.org_id,
        type: outcome.sent ? 'enrollment_email.sent' : 'enrollment_email.failed',
        userId: row.user_id,
        details: { emailId: row.id, purpose: row.purpose, attempts: row.attempts, ...(outcome.sent ? {} : { reason: outcome.reason }) },
      });
    }
  });
}

/** Tries to deliver one mail now (if it is due and nobody else holds it); returns its row afterwards. */
export async function deliver(deps: Deps, id: string): Promise<OutboxRow | undefined> {
  if (!deps.mailer) return deps.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  const row = await claim(deps, id);
  if (row) {
    if (row.expires_at <= deps.clock() || row.text_body === null) {
      await settle(deps.db, deps, row, { sent: false, reason: EXPIRED, giveUp: true });
    } else {
      try {
        await deps.mailer.send({ to: row.to_address, subject: row.subject, text: row.text_body });
        await settle(deps.db, deps, row, { sent: true });
      } catch (err) {
        const { reason, permanent } = describeMailError(err);
        await settle(deps.db, deps, row, { sent: false, reason, giveUp: permanent || row.attempts >= MAX_ATTEMPTS });
      }
    }
  }
  return deps.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

const EXPIRED = 'The link expired before the email could be delivered';

/**
 * Gives up mail whose link has expired, SMTP or not: its body (the link) leaves the database, and a
 * server that gets SMTP later does not send links that no longer work.
 */
export async function expireOverdue(deps: Deps): Promise<number> {
  const now = deps.clock();
  const overdue = await deps.db.selectFrom('outbox').selectAll().where('status', '=', 'queued').where('expires_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)])).limit(100).execute();
  for (const row of overdue) await settle(deps.db, deps, row, { sent: false, reason: EXPIRED, giveUp: true });
  return overdue.length;
}

/** Delivers what is due, oldest first; returns how many were tried. The worker calls it on a timer. */
export async function deliverDue(deps: Deps, limit = 20): Promise<number> {
  await expireOverdue(deps);
  if (!deps.mailer) return 0;
  const now = deps.clock();
  const due = await deps.db
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  for (const { id } of due) await deliver(deps, id);
  return due.length;
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

export async function listOutbox(deps: Deps, orgId: string, options: { userId?: string; limit?: number } = {}) {
  let query = deps.db.selectFrom('outbox').selectAll().where('org_id', '=', orgId);
  if (options.userId) query = query.where('user_id', '=', options.userId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit ?? 50).execute();
  return rows.map(outboxView);
}
