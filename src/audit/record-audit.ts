import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { newId } from '../shared/crypto.js';
import type { Clock, RequestContext } from '../shared/deps.js';

/** Every kind of audit event (the Activity page filters by them). */
export const AUDIT_TYPES = [
  'org.created',
  'org.rp_id_changed',
  'org.mobile_apps_changed',
  'org.language_changed',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.deleted',
  'users.imported',
  'sign_in.succeeded',
  'sign_in.failed',
  'sign_in.password_locked',
  'sign_out',
  'session.revoked',
  'session.reverified',
  'session.reverify_failed',
  'passkey.added',
  'passkey.renamed',
  'passkey.deleted',
  'passkey.counter_regressed',
  'password.changed',
  'profile.updated',
  'setup_link.created',
  'setup_link.redeemed',
  'setup_link.refused',
  'policy.changed',
  'pilot.changed',
  'passkey_prompt.snoozed',
  'device_link.requested',
  'device_link.code_failed',
  'device_link.approved',
  'device_link.denied',
  'device_link.voided',
  'enrollment.voided',
  'enrollment_code.created',
  'enrollment_code.redeemed',
  'enrollment_code.failed',
  'enrollment_email.queued',
  'enrollment_email.sent',
  'enrollment_email.failed',
  'enrollment_email.handed_over',
  'enrollment_emails.queued',
  'enrollment_emails.handed_over',
  'email_template.created',
  'email_template.updated',
  'email_template.deleted',
  'email_template.default_changed',
  'recovery.started',
  'activity.exported',
  'app.created',
  'app.updated',
  'app.secret_rotated',
  'app.deleted',
  'app.authorized',
  'app.consent_given',
  'app.access_revoked',
  'app.keys_rotated',
] as const;

export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditInput {
  orgId: string;
  type: AuditType;
  userId?: string | null;
  actorId?: string | null;
  context?: RequestContext;
  /** Plain facts only: ids, names, methods, reasons. Never a token, code, password or key. */
  details?: Record<string, string | number | boolean | null>;
}

/** Writes one audit event; pass the transaction when the event belongs to a change. */
export async function recordAudit(db: Kysely<DB> | Transaction<DB>, clock: Clock, input: AuditInput): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: newId(),
      org_id: input.orgId,
      user_id: input.userId ?? null,
      actor_id: input.actorId ?? null,
      type: input.type,
      ip: input.context?.ip ?? null,
      user_agent: input.context?.userAgent ?? null,
      details: JSON.stringify(input.details ?? {}),
      created_at: clock(),
    })
    .execute();
}
