import type { OutboxStatus } from '../db/types.js';
import { emailResult, insertEnrollmentEmail, prepareEnrollmentEmail } from '../enrollment/enrollment-email.js';
import { lockIssuer } from '../enrollment/issuer.js';
import { createSetupLink, type SetupLink } from '../enrollment/setup-links.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import { checkEmail, createUser, normaliseIdentifier, USERNAME_PATTERN } from '../users/users.js';
import { AppError } from '../errors.js';
import { createOrganisation, type Organisation } from './organisations.js';

export interface FirstAdminInput {
  username: string;
  email?: string | null;
  displayName?: string | null;
}

/**
 * The operator's "Create organisation" with its first admin: the organisation, the admin and their
 * one-time setup link, handed to the operator once. The admin's details are checked before anything
 * is written, and the organisation is removed again should adding the admin fail, so nobody is left
 * with an organisation no one can enter.
 */
function checkAdmin(admin: FirstAdminInput, field = 'username'): void {
  if (!new RegExp(USERNAME_PATTERN).test(normaliseIdentifier(admin.username))) {
    throw new AppError('VALIDATION_FAILED', { details: { field, rule: 'letters, digits, . _ -, up to 64' } });
  }
  if (admin.email) checkEmail(admin.email);
}

/** How a new admin gets in: their setup link, handed to the operator once, or an email carrying it. */
export interface AdminHandover {
  username: string;
  /** Without SMTP or without an email address: shown to the operator this once. */
  setupLink: SetupLink | null;
  /** With SMTP and an address: the link went by email, through the outbox (retried there). */
  email: { to: string; state: OutboxStatus } | null;
}

export interface AddAdministratorInput {
  org: Organisation;
  admin: FirstAdminInput;
  actor: { actorId: string; actorSessionId?: string; context?: RequestContext };
}

/**
 * "Add administrator" on an organisation's row: a new admin and their one-time setup link, handed to
 * the operator once, or emailed to the admin when the server can send mail. One transaction, holding the
 * operator's row: one demoted or disabled since their request was let in adds no one (lockIssuer).
 */
export async function addAdministrator(
  deps: Deps,
  { org, admin, actor }: AddAdministratorInput,
): Promise<AdminHandover> {
  checkAdmin(admin);
  const added = await inTransaction(deps, async (tx) => {
    await lockOperator(tx, { actorId: actor.actorId, sessionId: actor.actorSessionId, org });
    const user = await createUser(tx, {
      org,
      username: admin.username,
      email: admin.email || null,
      displayName: admin.displayName,
      role: 'admin',
      actorId: actor.actorId,
      context: actor.context,
    });
    if (!deps.mailer || !user.email) {
      const setupLink = await createSetupLink(tx, {
        org,
        user,
        createdBy: actor.actorId,
        issuedSessionId: actor.actorSessionId,
        auditDetails: { via: 'operator', admin: true },
      });
      return { user, setupLink, queued: null };
    }
    // The organisation's enrollment email (its default template), written with its link.
    const prepared = await prepareEnrollmentEmail(tx, { org, user });
    const context = actor.context ?? { ip: null, userAgent: null };
    const queued = await insertEnrollmentEmail(tx, {
      org,
      user,
      prepared,
      purpose: 'enroll',
      actor: { ...actor, context },
    });
    return { user, setupLink: null, queued };
  });
  const { user, setupLink, queued } = added;
  if (!queued) return { username: user.username, setupLink, email: null };
  // After the commit, as every mail is sent: a failure to send leaves it queued for the worker.
  const { email } = await emailResult(deps, { queued });
  return { username: user.username, setupLink: null, email: { to: email.to, state: email.state } };
}

/**
 * The operator acting, read again and held in the transaction that writes (lockIssuer): one demoted, disabled or
 * signed out since their request was let in is refused, and nothing is written. An operator made an admin of
 * `platform` meanwhile passes lockIssuer there, not here.
 */
async function lockOperator(
  tx: TxDeps,
  { actorId, sessionId, org }: { actorId: string; sessionId: string | undefined; org: Organisation },
): Promise<void> {
  const operator = await lockIssuer(tx, { actorId, sessionId, org });
  if (operator?.role !== 'operator') throw new AppError('FORBIDDEN');
}

export async function createOrganisationWithAdmin(
  deps: Deps,
  input: {
    slug: string;
    name: string;
    firstAdmin?: FirstAdminInput;
    actorId: string;
    actorSessionId?: string;
    context?: RequestContext;
  },
): Promise<{ org: Organisation; firstAdmin: AdminHandover | null }> {
  const admin = input.firstAdmin;
  if (admin) checkAdmin(admin, 'firstAdmin.username');
  const org = await inTransaction(deps, async (tx) => {
    const created = await createOrganisation(tx, { slug: input.slug, name: input.name, actorId: input.actorId });
    await lockOperator(tx, { actorId: input.actorId, sessionId: input.actorSessionId, org: created });
    return created;
  });
  if (!admin) return { org, firstAdmin: null };
  try {
    return {
      org,
      firstAdmin: await addAdministrator(deps, {
        org,
        admin,
        actor: { actorId: input.actorId, actorSessionId: input.actorSessionId, context: input.context },
      }),
    };
  } catch (err) {
    await deps.db.deleteFrom('organisations').where('id', '=', org.id).execute();
    throw err;
  }
}
