import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isRouteError, orgApi, type Passkey } from '../../shared/api';
import type { AdminUserDetail } from '../adminApi';
import { AdminPasskeyList } from './AdminPasskeyList';
import { AdminSessions } from './AdminSessions';
import { EmailsList } from '../../mail/EmailsList';
import { EnrollPasskeySection } from '../../enrollment/EnrollPasskeySection';
import { ManageAccountSection } from './ManageAccountSection';
import { RecentActivity } from '../activity/RecentActivity';
import { RecoverAccountSection } from '../../enrollment/RecoverAccountSection';
import { UserProfile } from './UserProfile';
import { useStepUp, type UserSectionProps } from '../useStepUp';
import { verifierOf } from '../../sign-in/useReverify';
import { BusyButton } from '../../shared/BusyButton';
import { AccountLayout } from '../../shared/Layout';
import { Alert, Loading, MessageView, reportError, type Message } from '../../shared/Messages';
import { useAction } from '../../shared/useAction';
import { useAuthErrorHandler, useMe, useOrgInfo, useTitle } from '../../shared/hooks';
import { Link, paths } from '../../shared/router';
import { useAdminData } from '../useAdminData';

/** While an email waits for the outbox worker (which sends within seconds), look again this often. */
const EMAIL_POLL_MS = 2000;
const EMAIL_POLL_WINDOW_MS = 10_000;
/** While an enrollment code or link is live, look this often for the member's new passkey. */
const ENROLLMENT_POLL_MS = 2000;
/** How long the page keeps looking after the code or link was used (the member is creating the passkey). */
const WATCH_AFTER_USE_MS = 5 * 60 * 1000;

/** An email that should go out any moment, so the page is worth reloading to show it sent. */
function emailDueSoon(detail: AdminUserDetail): boolean {
  if (!detail.smtpConfigured) return false;
  const soon = Date.now() + EMAIL_POLL_WINDOW_MS;
  return detail.emails.some((e) => e.state === 'queued' && (e.nextAttemptAt === null || e.nextAttemptAt <= soon));
}

/**
 * `/o/:org/admin/users/:id`: one user: profile, edit / disable / delete, Enroll a Passkey, recovery, passkeys,
 * sessions, activity, emails.
 */
export function AdminUserPage({ org, id }: { org: string; id: string }) {
  const { t } = useTranslation(['users', 'activity']);
  const { me, error: meError } = useMe(org);
  const { info } = useOrgInfo(org);
  const describeError = useAuthErrorHandler(org);
  const { data: detail, error, forbidden, reload } = useAdminData(org, '/admin/users/:id', { params: { id } });
  const [message, setMessage] = useState<Message | null>(null);
  const { run: runAction, busy } = useAction();
  useTitle(detail ? detail.user.displayName : t('userTitle'));
  const name = detail?.user.displayName ?? '';
  // The signed-in admin, to "Confirm it's you" before handing out a way into this user's account.
  const self = verifierOf(me);
  const stepUp = useStepUp(org, self, t('stepUpAccount'));
  // Which section asked for confirmation, so the prompt shows there.
  const [stepUpFor, setStepUpFor] = useState<string | null>(null);
  // After a deletion the passkey's row is gone: the list's heading is where the keyboard continues.
  const passkeysHeading = useRef<HTMLHeadingElement>(null);

  // While a code or link is live, look again every 2 s: the page turns Enrolled by itself, and a code entered or voided
  // says so (a recovery may keep a passkey: the member is Enrolled all along). A link or code is used up a moment
  // before the passkey exists: keep looking a while after it was last live.
  const lastLive = useRef(0);
  const live = detail ? detail.enrollmentCode !== null || detail.enrollmentLink !== null : false;
  if (live) lastLive.current = Date.now();
  const watching = detail
    ? detail.user.status === 'active' && (live || Date.now() - lastLive.current < WATCH_AFTER_USE_MS)
    : false;
  useEffect(() => {
    if (!watching) return;
    const timer = setTimeout(() => void reload(), ENROLLMENT_POLL_MS);
    return () => clearTimeout(timer);
  }, [watching, detail, reload]);

  const dueSoon = detail ? emailDueSoon(detail) : false;
  useEffect(() => {
    if (!dueSoon) return;
    const timer = setTimeout(() => void reload(), EMAIL_POLL_MS);
    return () => clearTimeout(timer);
  }, [dueSoon, detail, reload]);

  // The server's wording is for members ("your only way"); an admin needs the way out instead.
  const describe = (err: unknown) =>
    isRouteError(err, 'DELETE /api/o/:org/admin/users/:id/passkeys/:passkeyId', 'LAST_SIGN_IN_METHOD')
      ? t('lastSignInMethod', { name })
      : describeError(err);

  async function run(source: string, action: () => Promise<string>) {
    await runAction(
      async () => {
        setMessage(null);
        const text = await action();
        setMessage({ kind: 'status', text, source });
        await reload();
      },
      {
        onError: (err) => {
          if (stepUp.needsConfirmation(err, () => void run(source, action))) setStepUpFor(source);
          else reportError(setMessage, source, describe)(err);
        },
      },
    );
  }

  const deletePasskey = (passkey: Passkey) =>
    run('passkeys', async () => {
      await orgApi(org).del('/admin/users/:id/passkeys/:passkeyId', { params: { id, passkeyId: passkey.id } });
      passkeysHeading.current?.focus();
      return t('passkeyDeleted', { name: passkey.name });
    });

  /** What each section of the page is given. */
  const sectionProps = (detail: AdminUserDetail): UserSectionProps => ({
    org,
    admin: self,
    detail,
    onChanged: () => void reload(),
    describeError,
  });

  const signOutEverywhere = () =>
    run('sessions', async () => {
      const { revoked } = await orgApi(org).post('/admin/users/:id/sign-out-everywhere', { params: { id } });
      return t('signedOutSessions', { count: revoked });
    });

  return (
    <AccountLayout org={org} orgName={info?.name} current="users" role={me?.user.role}>
      <nav aria-label={t('breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to={paths.adminUsers(org)}>{t('title')}</Link>
          </li>
          <li aria-current="page">{detail ? name : t('userTitle')}</li>
        </ol>
      </nav>
      <Alert message={meError} />
      {forbidden ? (
        <>
          <h1>{t('userTitle')}</h1>
          {/* An admin refused one user's page: an operator's, which only operators open. */}
          <Alert message={me?.user.role === 'admin' ? t('operatorAccount') : t('notAdmin')} />
        </>
      ) : !detail ? (
        error ? (
          <>
            <h1>{t('userTitle')}</h1>
            <Alert message={error} />
            <p>
              <Link to={paths.adminUsers(org)}>{t('backToUsers')}</Link>
            </p>
          </>
        ) : (
          <Loading />
        )
      ) : (
        <>
          <h1>{name}</h1>
          <UserProfile detail={detail} />
          <ManageAccountSection {...sectionProps(detail)} />
          <EnrollPasskeySection {...sectionProps(detail)} />

          <section className="section" aria-labelledby="user-passkeys">
            <h2 id="user-passkeys" tabIndex={-1} ref={passkeysHeading}>
              {t('passkeysHeading')}
            </h2>
            <MessageView message={message} source="passkeys" />
            <AdminPasskeyList name={name} passkeys={detail.passkeys} busy={busy} onDelete={deletePasskey} />
            {stepUpFor === 'passkeys' && stepUp.panel}
          </section>

          <section className="section" aria-labelledby="user-sessions">
            <h2 id="user-sessions">{t('sessionsHeading')}</h2>
            <MessageView message={message} source="sessions" />
            <AdminSessions name={name} sessions={detail.sessions} />
            {stepUpFor === 'sessions' && stepUp.panel}
            {detail.sessions.length > 0 && (
              <p>
                <BusyButton type="button" className="button" onClick={() => void signOutEverywhere()} busy={busy}>
                  {t('signOutEverywhere')}
                </BusyButton>
              </p>
            )}
          </section>

          {/* A disabled account is not recovered: enable it first (Manage account). */}
          {detail.user.status === 'active' && <RecoverAccountSection {...sectionProps(detail)} />}

          <section className="section" aria-labelledby="user-activity">
            <h2 id="user-activity">{t('activity:recentActivity')}</h2>
            <RecentActivity events={detail.activity} />
            <p>
              <Link to={paths.adminActivity(org, detail.user.id)}>{t('allActivity')}</Link>
            </p>
          </section>

          <section className="section" aria-labelledby="user-emails">
            <h2 id="user-emails">{t('emailsHeading')}</h2>
            {!detail.smtpConfigured && <p className="hint">{t('noSmtpHint')}</p>}
            <EmailsList emails={detail.emails} />
          </section>
        </>
      )}
    </AccountLayout>
  );
}
