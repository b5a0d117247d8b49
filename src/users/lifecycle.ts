import { updateAudited } from '../audit/audited-write.js';
import { recordAudit, type AuditInput } from '../audit/record-audit.js';
import type { Role } from '../db/types.js';
import {
  issuedVoided,
  voidEnrollmentLinks,
  voidIssuedBy,
  voidOutstandingEnrollment,
} from '../enrollment/void-enrollment.js';
import { AppError } from '../errors.js';
import { cancelQueuedMail, deliver } from '../mail/outbox.js';
import { endAppGrants } from '../oidc/end-grants.js';
import type { Organisation } from '../orgs/organisations.js';
import { revokeSessionsIn } from '../sessions/sessions.js';
import { checkName } from '../shared/names.js';
import type { Deps } from '../shared/deps.js';
import { insertUnique } from '../db/unique-violation.js';
import {
  changeAccount,
  requireAnotherAdmin,
  requireLifecycleAuthority,
  type LifecycleActor,
} from './lifecycle-guards.js';
import { checkEmail, checkRole, getUser, normaliseIdentifier, type User } from './users.js';
import { queueEmailChangeNotice } from './email-change-notice.js';

// Who may issue enrollment links and codes (the admin API's roles).
const ISSUERS: readonly Role[] = ['admin', 'operator'];

export interface ProfileChanges {
  displayName?: string;
  /** null removes the address. */
  email?: string | null;
  role?: Role;
}

/** Who made an account change and from where, as its audit event and the sessions it ends record it. */
const madeBy = (by: LifecycleActor) => ({ actorId: by.actor?.id ?? null, context: by.context });

/** An account change's audit event, which also says whether it came from the console or the CLI. */
function accountEvent(by: LifecycleActor, event: AuditInput & { userId: string }): AuditInput {
  return { ...event, ...madeBy(by), details: { ...event.details, via: by.actor ? 'admin' : 'cli' } };
}

export interface UpdateUserProfileInput {
  org: Organisation;
  target: User;
  changes: ProfileChanges;
  by: LifecycleActor;
}

/**
 * "Edit profile": display name, email and role, audited with before → after. A role change needs the
 * admin's authority over both roles and never takes the organisation's last administrator.
 * A changed email voids the enrollment links sent to the old address.
 */
export async function updateUserProfile(
  deps: Deps,
  { org, target, changes, by }: UpdateUserProfileInput,
): Promise<User> {
  const displayName =
    changes.displayName === undefined ? undefined : checkName(changes.displayName, { field: 'displayName', max: 100 });
  const email =
    changes.email === undefined
      ? undefined
      : changes.email === null || changes.email.trim() === ''
        ? null
        : checkEmail(changes.email);
  if (changes.role !== undefined) checkRole(org, changes.role);
  const roleChanges = changes.role !== undefined && changes.role !== target.role;
  const asked = { role: changes.role, selfAllowed: !roleChanges };
  requireLifecycleAuthority(by, target, asked);

  let noticeId: string | null = null;
  await insertUnique('USER_EXISTS', () =>
    changeAccount(deps, { orgId: org.id, target, lockOrganisation: true, by, change: asked }, async (tx, user) => {
      const set: { display_name?: string; display_name_key?: string; email?: string | null; role?: Role } = {};
      const details: Record<string, string> = {};
      if (displayName !== undefined && displayName !== user.display_name) {
        Object.assign(set, { display_name: displayName, display_name_key: displayName.toLowerCase() });
        details.displayName = `${user.display_name} → ${displayName}`;
      }
      if (email !== undefined && email !== user.email) {
        if (email !== null) {
          const clash = await tx.db
            .selectFrom('users')
            .select('id')
            .where('org_id', '=', org.id)
            .where('id', '!=', user.id)
            .where((eb) => eb.or([eb('email', '=', email), eb('username', '=', email)]))
            .executeTakeFirst();
          if (clash) throw new AppError('USER_EXISTS');
        }
        set.email = email;
        details.email = `${user.email ?? '(none)'} → ${email ?? '(none)'}`;
      }
      if (changes.role !== undefined && changes.role !== user.role) {
        await requireAnotherAdmin(tx, { target: user, newRole: changes.role });
        set.role = changes.role;
        details.role = `${user.role} → ${changes.role}`;
      }
      if (Object.keys(set).length === 0) return;
      await tx.db
        .updateTable('users')
        .set({ ...set, updated_at: deps.clock() })
        .where('id', '=', user.id)
        .execute();
      // Links mailed to the old address must not outlive the change.
      const voidedLinks =
        set.email !== undefined ? await voidEnrollmentLinks(tx, { userId: user.id, now: deps.clock() }) : 0;
      // The old address hears of it: the member's notices and links go to the new one from now on.
      if (set.email !== undefined)
        noticeId = await queueEmailChangeNotice(tx, { org, user, to: set.email, actorId: by.actor?.id ?? null });
      // No longer an admin: the links and codes they issued and may hold stop working.
      const issued =
        set.role !== undefined && ISSUERS.includes(user.role) && !ISSUERS.includes(set.role)
          ? await voidIssuedBy(tx, { issuerId: user.id, now: deps.clock() })
          : { links: 0, codes: 0 };
      await recordAudit(
        tx,
        accountEvent(by, {
          orgId: org.id,
          type: 'user.updated',
          userId: user.id,
          details: {
            ...details,
            ...(set.email !== undefined ? { oldAddressNotified: noticeId !== null } : {}),
            ...(voidedLinks ? { voidedLinks } : {}),
            ...issuedVoided(issued),
          },
        }),
      );
    }),
  );
  // After the commit, as every mail is: a failure to send leaves it queued for the worker.
  if (noticeId) await deliver(deps, { id: noticeId }).catch(() => undefined);
  return getUser(deps, { orgId: org.id, userId: target.id });
}

/** Who changes which account, in which organisation. */
export interface AccountChangeInput {
  org: Organisation;
  target: User;
  by: LifecycleActor;
}

/**
 * "Disable account": refuses every sign-in from now on, signs the user out everywhere and ends what
 * was issued under their sessions (device links; app grants and tokens), voids their enrollment
 * links and codes and cancels mail not yet sent, in one transaction. Reversible with enableUser.
 */
export async function disableUser(deps: Deps, { org, target, by }: AccountChangeInput): Promise<User> {
  requireLifecycleAuthority(by, target, {});
  const changed = await changeAccount(deps, { orgId: org.id, target, lockOrganisation: true, by }, async (tx, user) => {
    if (user.status === 'disabled') return false;
    await requireAnotherAdmin(tx, { target: user });
    const now = deps.clock();
    await tx.db.updateTable('users').set({ status: 'disabled', updated_at: now }).where('id', '=', user.id).execute();
    // Before their sessions end (which ends what those were shown): all they issued is counted here.
    const issued = await voidIssuedBy(tx, { issuerId: user.id, now });
    const { count: revokedSessions } = await revokeSessionsIn(tx, {
      orgId: org.id,
      userId: user.id,
      ...madeBy(by),
      reason: 'user_disabled',
    });
    const voided = await voidOutstandingEnrollment(tx, { userId: user.id, now });
    const cancelledEmails = await cancelQueuedMail(tx, { userId: user.id, reason: 'the account was disabled' });
    await recordAudit(
      tx,
      accountEvent(by, {
        orgId: org.id,
        type: 'user.disabled',
        userId: user.id,
        details: {
          status: 'active → disabled',
          revokedSessions,
          voidedLinks: voided.links,
          voidedCodes: voided.codes,
          ...issuedVoided(issued),
          cancelledEmails,
        },
      }),
    );
    return true;
  });
  // Apps lose the grants and tokens issued under the ended sessions; those that asked are told.
  if (changed) await endAppGrants(deps, { org, userId: target.id });
  return getUser(deps, { orgId: org.id, userId: target.id });
}

/** "Enable account": the user may sign in again with the passkeys and password they had. */
export async function enableUser(deps: Deps, { org, target, by }: AccountChangeInput): Promise<User> {
  requireLifecycleAuthority(by, target, {});
  // Enabling takes no administrator away: the organisation needs no lock.
  await changeAccount(deps, { orgId: org.id, target, lockOrganisation: false, by }, async (tx, user) => {
    if (user.status === 'active') return;
    await updateAudited(tx, {
      ...accountEvent(by, {
        orgId: org.id,
        type: 'user.enabled',
        userId: user.id,
        details: { status: 'disabled → active' },
      }),
      update: { table: 'users', id: user.id, set: { status: 'active', updated_at: deps.clock() } },
    });
  });
  return getUser(deps, { orgId: org.id, userId: target.id });
}

export interface DeleteUserInput extends AccountChangeInput {
  confirmUsername: string;
}

/**
 * "Delete user": the profile goes with its passkeys, sessions, links, codes, device links, trusted
 * browsers, app grants and mail. Audit events keep the user id and the username only: the email
 * addresses earlier profile changes recorded are removed from them.
 */
export async function deleteUser(deps: Deps, { org, target, confirmUsername, by }: DeleteUserInput): Promise<void> {
  if (normaliseIdentifier(confirmUsername) !== target.username) throw new AppError('CONFIRMATION_MISMATCH');
  requireLifecycleAuthority(by, target, {});
  const change = { orgId: org.id, target, lockOrganisation: true, deletesPasskeys: true, by };
  await changeAccount(deps, change, async (tx, user) => {
    await requireAnotherAdmin(tx, { target: user });
    const passkeys = await tx.db.selectFrom('passkeys').select('id').where('user_id', '=', user.id).execute();
    const issued = await voidIssuedBy(tx, { issuerId: user.id, now: deps.clock() });
    const { count: revokedSessions } = await revokeSessionsIn(tx, {
      orgId: org.id,
      userId: user.id,
      ...madeBy(by),
      reason: 'user_deleted',
    });
    await tx.db.deleteFrom('outbox').where('user_id', '=', user.id).execute();
    await tx.db.deleteFrom('challenges').where('user_id', '=', user.id).execute();
    const updates = await tx.db
      .selectFrom('audit_events')
      .select(['id', 'details'])
      .where('org_id', '=', org.id)
      .where('user_id', '=', user.id)
      .where('type', '=', 'user.updated')
      .execute();
    for (const event of updates) {
      const kept = JSON.parse(event.details) as Record<string, unknown>;
      delete kept.email;
      await tx.db
        .updateTable('audit_events')
        .set({ details: JSON.stringify(kept) })
        .where('id', '=', event.id)
        .execute();
    }
    // Passkeys, sessions, links, codes, device links, trusted browsers and consents go with the row.
    await tx.db.deleteFrom('users').where('id', '=', user.id).execute();
    await recordAudit(
      tx,
      accountEvent(by, {
        orgId: org.id,
        type: 'user.deleted',
        userId: user.id,
        details: {
          username: user.username,
          role: user.role,
          removedPasskeys: passkeys.length,
          revokedSessions,
          ...issuedVoided(issued),
        },
      }),
    );
  });
  await endAppGrants(deps, { org, userId: target.id });
}
