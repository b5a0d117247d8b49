import { randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import type { Role } from '../db/types.js';
import { insertUnique } from '../db/unique-violation.js';
import { insertEnrollmentEmails, insertInBatches } from '../enrollment/bulk-enrollment-emails.js';
import { requireAuthorityOver } from '../enrollment/enrollable.js';
import { lockIssuer } from '../enrollment/issuer.js';
import { builtInPasswordTemplate, templateFor } from '../mail/template-store.js';
import type { Organisation } from '../orgs/organisations.js';
import { memberPolicy } from '../policy/member-policy.js';
import { newUserId } from '../shared/crypto.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import { requireRecentVerification, type Session } from '../sessions/sessions.js';
import { isAdminRole, type User } from '../users/users.js';
import { checkRows, type CheckedRow } from './check-rows.js';
import { readCsv } from './csv-file.js';

export interface ImportInput {
  csv: string;
  /** Preview: every row checked, nothing written. */
  dryRun: boolean;
  /** Each imported user with an address gets a one-time link by email (outbox): a passkey's, or a password's. */
  sendEnrollmentEmail: boolean;
  templateId?: string | null;
}

/** Whether an imported user gets an enrollment email, or why not. */
export type RowEnrollment = 'email' | 'no_email' | null;

export interface ImportedRow extends CheckedRow {
  enrollment: RowEnrollment;
  /** Only without SMTP, after the import: the user's one-time link for the admin to pass on, shown this once. */
  link: string | null;
}

export interface ImportResult {
  dryRun: boolean;
  summary: { rows: number; create: number; errors: number; created: number; enrollmentEmails: number };
  rows: ImportedRow[];
}

/** Who imports: an admin (their rank bounds the roles given) or the CLI on the server (actor null). */
export interface Importer {
  actor: User | null;
  context?: RequestContext;
  /** The admin's session: an import that makes admins wants it verified minutes ago, as adding one admin does. */
  session?: Session;
}

function newUser(org: Organisation, row: CheckedRow, now: number): User {
  return {
    id: newUserId(),
    org_id: org.id,
    username: row.username,
    email: row.email,
    display_name: row.displayName,
    display_name_key: row.displayName.toLowerCase(),
    role: row.role as Role,
    status: 'active',
    // As createUser: 32 random bytes, stable for the user's life, reveal nothing.
    // What @simplewebauthn's isoBase64URL.fromBuffer gives, without loading it for a new member.
    webauthn_user_id: randomBytes(32).toString('base64url'),
    password_hash: null,
    passkey_prompt_snoozed_until: null,
    pilot: 0,
    created_at: now,
    updated_at: now,
  };
}

/**
 * "Import users" from a CSV: a preview (dryRun) of every row, or the import of the rows that pass —
 * in one transaction with batched inserts, with the enrollment emails if asked, as one audit event.
 * Rows with an error are left out, and said so; they change nothing.
 */
export async function importUsers(deps: Deps, input: ImportInput & { org: Organisation; by: Importer }) {
  const { org, by } = input;
  const file = readCsv(input.csv);
  const template = input.sendEnrollmentEmail ? await templateFor(deps, { org, templateId: input.templateId }) : null;
  const checked = await checkRows(deps, { org, actor: by.actor, file });
  const now = deps.clock();
  const planned = checked.map((row) => {
    const user = row.outcome === 'create' ? newUser(org, row, now) : null;
    const enrollment: RowEnrollment = !user || !input.sendEnrollmentEmail ? null : !user.email ? 'no_email' : 'email';
    return { row, user, enrollment };
  });
  const users = planned.flatMap((p) => (p.user ? [p.user] : []));
  const emailed = planned.flatMap((p) => (p.enrollment === 'email' ? [p.user!] : []));
  const offered = new Set(emailed.filter((u) => memberPolicy(org, u, 0, now).passkeysOffered).map((u) => u.id));
  const links = new Map<string, string | null>();
  if (!input.dryRun && by.session && users.some((u) => isAdminRole(u.role)))
    requireRecentVerification(deps, { session: by.session });
  if (!input.dryRun && users.length > 0) {
    await insertUnique('USER_EXISTS', () =>
      inTransaction(deps, async (tx) => {
        // The admin as they are now: one demoted or disabled since the request came in creates no one.
        const importer = await lockIssuer(tx, { actorId: by.actor?.id ?? null, sessionId: by.session?.id, org });
        if (importer) for (const user of users) requireAuthorityOver(importer, user);
        await insertInBatches(users, (batch) => tx.db.insertInto('users').values(batch).execute());
        const queued = template
          ? await insertEnrollmentEmails(tx, {
              org,
              users: emailed,
              // Those the rollout does not reach yet choose a password with their link (prepareEnrollmentEmail).
              template: (user) => (offered.has(user.id) ? template : builtInPasswordTemplate(org)),
              actorId: by.actor?.id ?? null,
              sessionId: by.session?.id,
            })
          : [];
        for (const q of queued) links.set(q.userId, q.link);
        // Each account that opens more than a member's own (admins, editors) is named on its own, as one added by
        // hand: one row in a file of thousands must not make an admin no one can find in Activity.
        for (const user of users.filter((u) => u.role !== 'member'))
          await recordAudit(tx, {
            orgId: org.id,
            type: 'user.created',
            userId: user.id,
            actorId: by.actor?.id ?? null,
            context: by.context,
            details: { username: user.username, role: user.role, via: 'import' },
          });
        await recordAudit(tx, {
          orgId: org.id,
          type: 'users.imported',
          actorId: by.actor?.id ?? null,
          context: by.context,
          details: {
            created: users.length,
            skipped: checked.length - users.length,
            enrollmentEmails: queued.length,
            ...(queued.length > 0 ? { delivery: deps.mailer ? 'email' : 'link given to admin (no email server)' } : {}),
            via: by.actor ? 'admin' : 'cli',
          },
        });
      }),
    );
  }
  const errors = checked.filter((r) => r.outcome === 'error').length;
  const result: ImportResult = {
    dryRun: input.dryRun,
    summary: {
      rows: checked.length,
      create: checked.length - errors,
      errors,
      created: input.dryRun ? 0 : users.length,
      enrollmentEmails: input.dryRun ? 0 : links.size,
    },
    rows: planned.map((p) => ({
      ...p.row,
      enrollment: p.enrollment,
      link: p.user ? (links.get(p.user.id) ?? null) : null,
    })),
  };
  return result;
}
