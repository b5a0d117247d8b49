import { recordAudit } from '../audit/record-audit.js';
import type { EnrollmentPurpose } from '../db/types.js';
import { AppError } from '../errors.js';
import { deliver, outboxView, queueMail } from '../mail/outbox.js';
import { builtInPasswordTemplate, templateFor } from '../mail/template-store.js';
import { policyFor } from '../policy/policy-for.js';
import { formatExpiry, renderTemplate, type TemplateText } from '../mail/templates.js';
import { languageOf } from '../orgs/languages.js';
import type { Organisation } from '../orgs/organisations.js';
import type { Actor, Deps } from '../shared/deps.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import type { User } from '../users/users.js';
import { requireStillPending } from './enrollable.js';
import { requireIssuerOver } from './issuer.js';
import { insertSetupLink } from './setup-links.js';

export interface EnrollmentEmail {
  emailId: string;
  expiresAt: number;
  /** Only without SMTP: the link for the admin to pass on by hand, shown this once. */
  link: string | null;
}

/**
 * The parts of sending that can fail on bad input; checked before anything is written. A member to whom passkeys are
 * not offered chooses a password with the link: they get the built-in email that says so, whatever the template.
 */
export async function prepareEnrollmentEmail(
  deps: Deps,
  { org, user, templateId }: { org: Organisation; user: User; templateId?: string | null },
) {
  if (!user.email) throw new AppError('USER_HAS_NO_EMAIL');
  const template = await templateFor(deps, { org, templateId });
  const { passkeysOffered } = await policyFor(deps, { org, user });
  return { to: user.email, template: passkeysOffered ? template : builtInPasswordTemplate(org) };
}

export interface InsertEnrollmentEmailInput {
  org: Organisation;
  user: User;
  prepared: Awaited<ReturnType<typeof prepareEnrollmentEmail>>;
  purpose: EnrollmentPurpose;
  actor: Actor;
}

/** Writes the one-time link and its mail in the caller's transaction. */
export async function insertEnrollmentEmail(
  deps: TxDeps,
  { org, user: asRead, prepared, purpose, actor }: InsertEnrollmentEmailInput,
): Promise<EnrollmentEmail> {
  const user = await requireIssuerOver(deps, {
    user: asRead,
    actorId: actor.actorId,
    sessionId: actor.actorSessionId,
    org,
  });
  // As the member now is: an address changed since it was read (its old links voided) gets no new link.
  if (!user.email) throw new AppError('USER_HAS_NO_EMAIL');
  if (user.email !== prepared.to) throw new AppError('CONCURRENT_CHANGE');
  await requireStillPending(deps, { org, user, purpose });
  const link = await insertSetupLink(deps, {
    org,
    user,
    purpose,
    createdBy: actor.actorId,
    // Without SMTP the link is shown to the admin instead of sent: it ends with the session it is shown in.
    issuedSessionId: deps.mailer ? undefined : actor.actorSessionId,
    validForMs: org.enrollment_link_days * 24 * 60 * 60 * 1000,
  });
  const message = enrollmentMessage(prepared.template, org, user, link);
  const row = await queueMail(deps, {
    orgId: org.id,
    userId: user.id,
    purpose,
    to: prepared.to,
    subject: message.subject,
    text: message.body,
    expiresAt: link.expiresAt,
    createdBy: actor.actorId,
  });
  await recordAudit(deps, {
    orgId: org.id,
    // Without SMTP nothing is queued: the link goes to the admin, and Activity says so.
    type: deps.mailer ? 'enrollment_email.queued' : 'enrollment_email.handed_over',
    userId: user.id,
    actorId: actor.actorId,
    context: actor.context,
    details: { emailId: row.id, linkId: link.id, purpose, template: prepared.template.name, expiresAt: link.expiresAt },
  });
  return { emailId: row.id, expiresAt: link.expiresAt, link: deps.mailer ? null : link.url };
}

/** The mail that carries a one-time link, in the chosen template. */
export function enrollmentMessage(
  template: TemplateText,
  org: Organisation,
  user: Pick<User, 'display_name' | 'username'>,
  link: { url: string; expiresAt: number },
): TemplateText {
  return renderTemplate(template, {
    '{{name}}': user.display_name,
    '{{username}}': user.username,
    '{{organisation}}': org.name,
    '{{link}}': link.url,
    '{{expires}}': formatExpiry(link.expiresAt, languageOf(org.default_language)),
  });
}

export interface SendEnrollmentEmailInput {
  org: Organisation;
  user: User;
  templateId?: string | null;
  actor: Actor;
}

/** "Proceed & send email": queued with its link in one transaction, then tried at once. */
export async function sendEnrollmentEmail(deps: Deps, { org, user, templateId, actor }: SendEnrollmentEmailInput) {
  const prepared = await prepareEnrollmentEmail(deps, { org, user, templateId });
  const queued = await inTransaction(deps, (tx) =>
    insertEnrollmentEmail(tx, { org, user, prepared, purpose: 'enroll', actor }),
  );
  return emailResult(deps, { queued });
}

/**
 * The admin's answer: how the first attempt went. The mail is already safely queued, so a fault in
 * this attempt is the worker's to retry, not an error for the admin.
 */
export async function emailResult(deps: Deps, { queued }: { queued: EnrollmentEmail }) {
  const row = await deliver(deps, { id: queued.emailId }).catch(() =>
    deps.db.selectFrom('outbox').selectAll().where('id', '=', queued.emailId).executeTakeFirstOrThrow(),
  );
  return { email: outboxView(row!), expiresAt: queued.expiresAt, link: queued.link };
}
