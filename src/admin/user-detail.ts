import { liveEnrollmentCode } from '../enrollment/enrollment-codes.js';
import { liveSetupLink } from '../enrollment/setup-links.js';
import { listOutbox } from '../mail/outbox.js';
import { listPasskeys } from '../passkeys/manage.js';
import { memberPolicy } from '../policy/member-policy.js';
import { passwordLockedUntil } from '../passwords/sign-in-with-password.js';
import { listedSessions, sessionView } from '../sign-in/listed-sessions.js';
import type { Deps } from '../shared/deps.js';
import type { User } from '../users/users.js';
import { listActivity, type ActivityReader } from './activity.js';
import { adminUserView } from './user-list.js';

/** A user's page: profile, passkeys, sessions, recent activity, enrollment emails and code. */
export async function userDetail(deps: Deps, { org, user, viewer }: ActivityReader & { user: User }) {
  const [passkeys, sessions, activity, emails, code, link, lastSignIn, lockedUntil] = await Promise.all([
    listPasskeys(deps, { user }),
    listedSessions(deps, { userId: user.id }),
    listActivity(deps, { org, viewer, query: { userId: user.id, limit: 20 } }),
    listOutbox(deps, { orgId: org.id, userId: user.id, limit: 20 }),
    liveEnrollmentCode(deps, { userId: user.id }),
    liveSetupLink(deps, { userId: user.id }),
    deps.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.max<number>('created_at').as('at'))
      .where('user_id', '=', user.id)
      .executeTakeFirst(),
    passwordLockedUntil(deps, { org, user }),
  ]);
  return {
    user: {
      ...adminUserView(user, passkeys.length),
      hasPassword: user.password_hash !== null,
      // Not offered (the rollout has not reached them): their enrollment and recovery set up a password instead.
      passkeysOffered: memberPolicy(org, user, passkeys.length, deps.clock()).passkeysOffered,
      lastSignInAt: lastSignIn?.at == null ? null : Number(lastSignIn.at),
      passwordLockedUntil: lockedUntil,
    },
    passkeys,
    sessions: sessions.map(sessionView),
    activity: activity.events.map(({ userAgent: _userAgent, ...event }) => event),
    emails,
    enrollmentCode: code ? { expiresAt: code.expires_at } : null,
    enrollmentLink: link,
    smtpConfigured: deps.mailer !== null,
  };
}
