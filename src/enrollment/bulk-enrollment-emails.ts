import { recordAudit } from '../audit/record-audit.js';
import { newOutboxRow, type OutboxRow } from '../mail/outbox.js';
import { builtInPasswordTemplate, templateFor } from '../mail/template-store.js';
import type { TemplateText } from '../mail/templates.js';
import type { Organisation } from '../orgs/organisations.js';
import { memberPolicy } from '../policy/member-policy.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import type { User } from '../users/users.js';
import { requireAuthorityOver } from './enrollable.js';
import { enrollmentMessage } from './enrollment-email.js';
import { lockMembersAndIssuer } from './issuer.js';
import { newSetupLink } from './setup-links.js';

/** Rows per INSERT: well under both databases' limits on bound parameters. */
export const BATCH = 500;

export interface QueuedEmail {
  userId: string;
  emailId: string;
  state: OutboxRow['status'];
  expiresAt: number;
  /** Only without SMTP: the link for the admin to pass on by hand, shown this once. */
  link: string | null;
}

export async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

export interface InsertEnrollmentEmailsInput {
  org: Organisation;
  users: Array<Pick<User, 'id' | 'email' | 'display_name' | 'username'>>;
  /** Each user's text: the chosen template, or the built-in password one for those not offered passkeys. */
  template: (user: Pick<User, 'id'>) => TemplateText;
  actorId: string | null;
  /** The session asking: without SMTP the links are shown there instead of sent, and end with it. */
  sessionId?: string;
}

/**
 * Writes a one-time link and the mail that carries it for each user, in the caller's transaction and
 * in batches. No audit event per mail: the caller records the one action (an import, a bulk send).
 */
export async function insertEnrollmentEmails(
  deps: TxDeps,
  { org, users, template, actorId, sessionId }: InsertEnrollmentEmailsInput,
): Promise<QueuedEmail[]> {
  const validForMs = org.enrollment_link_days * 24 * 60 * 60 * 1000;
  const links: Array<ReturnType<typeof newSetupLink>> = [];
  const mails: OutboxRow[] = [];
  for (const user of users) {
    const link = newSetupLink(deps, {
      org,
      user,
      purpose: 'enroll',
      createdBy: actorId,
      issuedSessionId: deps.mailer ? undefined : sessionId,
      validForMs,
    });
    const message = enrollmentMessage(template(user), org, user, link);
    links.push(link);
    mails.push(
      newOutboxRow(deps, {
        orgId: org.id,
        userId: user.id,
        purpose: 'enroll',
        to: user.email!,
        subject: message.subject,
        text: message.body,
        expiresAt: link.expiresAt,
        createdBy: actorId,
      }),
    );
  }
  await insertInBatches(
    links.map((l) => l.row),
    (batch) => deps.db.insertInto('enrollment_links').values(batch).execute(),
  );
  await insertInBatches(mails, (batch) => deps.db.insertInto('outbox').values(batch).execute());
  return mails.map((mail, i) => ({
    userId: mail.user_id!,
    emailId: mail.id,
    state: mail.status,
    expiresAt: mail.expires_at,
    link: deps.mailer ? null : links[i]!.url,
  }));
}

export type SkipReason = 'not_found' | 'forbidden' | 'disabled' | 'no_email' | 'has_password' | 'already_enrolled';

export interface BulkEmailResult {
  userId: string;
  username: string | null;
  outcome: 'sent' | 'skipped';
  reason: SkipReason | null;
  email: QueuedEmail | null;
  /** What a sent link sets up: a passkey, or (passkeys not offered to them yet, e.g. not in the rollout) a password. */
  setsUp: 'passkey' | 'password' | null;
}

/** Why this user gets no enrollment email, or null when they may. */
function skipReason(org: Organisation, actor: User, user: User, passkeys: number, now: number): SkipReason | null {
  try {
    requireAuthorityOver(actor, user);
  } catch {
    return 'forbidden';
  }
  if (user.status !== 'active') return 'disabled';
  if (!user.email) return 'no_email';
  if (passkeys > 0) return 'already_enrolled';
  // Not offered passkeys, the link sets up a password: beside one they have, it would be a second way in.
  if (!memberPolicy(org, user, passkeys, now).passkeysOffered && user.password_hash !== null) return 'has_password';
  return null;
}

const passkeyCounts = async (deps: Deps, { userIds }: { userIds: string[] }) => {
  if (userIds.length === 0) return new Map<string, number>();
  const rows = await deps.db
    .selectFrom('passkeys')
    .select(['user_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('user_id', 'in', userIds)
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
};

/**
 * "Send enrollment email" to the selected users: each one the single action would accept (active,
 * Pending, with an address, reached by the rollout) gets a one-time link by email through the outbox;
 * the others are listed with the reason. One audit event for the whole action.
 */
export interface SendEnrollmentEmailsInput {
  org: Organisation;
  userIds: string[];
  templateId?: string | null;
  by: { actor: User; context: RequestContext; sessionId?: string };
}

export async function sendEnrollmentEmails(
  deps: Deps,
  { org, userIds: selected, templateId, by }: SendEnrollmentEmailsInput,
): Promise<BulkEmailResult[]> {
  const template = await templateFor(deps, { org, templateId });
  const userIds = [...new Set(selected)];
  return inTransaction(deps, async (tx) => {
    // In id order, the admin's among them, so two sends over the same users cannot deadlock on PostgreSQL. The admin
    // as they are now: one demoted, disabled or signed out since the request came in sends nothing.
    const issuer = (await lockMembersAndIssuer(tx, {
      memberIds: userIds,
      actorId: by.actor.id,
      sessionId: by.sessionId,
      org,
    }))!;
    const users = await tx.db
      .selectFrom('users')
      .selectAll()
      .where('org_id', '=', org.id)
      .where('id', 'in', userIds)
      .execute();
    const byId = new Map(users.map((u) => [u.id, u]));
    const counts = await passkeyCounts(tx, { userIds });
    const now = deps.clock();
    const reasons = new Map<string, SkipReason | null>(
      userIds.map((id) => {
        const user = byId.get(id);
        return [id, user ? skipReason(org, issuer, user, counts.get(id) ?? 0, now) : 'not_found'];
      }),
    );
    const eligible = userIds.filter((id) => reasons.get(id) === null).map((id) => byId.get(id)!);
    const offered = new Set(
      eligible.filter((u) => memberPolicy(org, u, counts.get(u.id) ?? 0, now).passkeysOffered).map((u) => u.id),
    );
    const queued = await insertEnrollmentEmails(tx, {
      org,
      users: eligible,
      template: (user) => (offered.has(user.id) ? template : builtInPasswordTemplate(org)),
      actorId: by.actor.id,
      sessionId: by.sessionId,
    });
    const emails = new Map(queued.map((q) => [q.userId, q]));
    if (queued.length > 0)
      await recordAudit(tx, {
        orgId: org.id,
        type: deps.mailer ? 'enrollment_emails.queued' : 'enrollment_emails.handed_over',
        actorId: by.actor.id,
        context: by.context,
        details: { count: queued.length, skipped: userIds.length - queued.length, template: template.name },
      });
    return userIds.map((id) => ({
      userId: id,
      // Someone the admin may not see stays nameless.
      username: reasons.get(id) === 'not_found' || reasons.get(id) === 'forbidden' ? null : byId.get(id)!.username,
      outcome: emails.has(id) ? 'sent' : 'skipped',
      reason: reasons.get(id) ?? null,
      email: emails.get(id) ?? null,
      setsUp: emails.has(id) ? (offered.has(id) ? 'passkey' : 'password') : null,
    }));
  });
}
