import { Trans, useTranslation } from 'react-i18next';
import { AccountLayout } from '../components/Layout';
import { Alert, Loading } from '../components/Messages';
import { SessionsSection } from '../components/SessionsSection';
import { MyAppsSection } from '../apps/MyAppsSection';
import { useMe, useOrgInfo, useTitle } from '../hooks';
import { Link, paths } from '../router';

/** `/o/:org/`: who is signed in, and where. */
export function HomePage({ org }: { org: string }) {
  const { me, error } = useMe(org);
  const { info } = useOrgInfo(org);
  const { t } = useTranslation('home');
  useTitle(info ? info.name : t('title'));

  return (
    <AccountLayout org={org} orgName={info?.name} current="home" role={me?.user.role}>
      <Alert message={error} />
      {!me ? (
        !error && <Loading />
      ) : (
        <>
          <h1>{t('signedInAs', { name: me.user.displayName })}</h1>
          <dl className="details">
            <dt>{t('username')}</dt>
            <dd>{me.user.username}</dd>
            {me.user.email && (
              <>
                <dt>{t('email')}</dt>
                <dd>{me.user.email}</dd>
              </>
            )}
            <dt>{t('organisation')}</dt>
            <dd>{info?.name ?? org}</dd>
          </dl>
          {me.policy.passkeysOffered && me.user.passkeyCount === 0 && (
            <p className="hint">
              <Trans t={t} i18nKey="addPasskeyHint" components={{ settings: <Link to={paths.passkeys(org)} /> }} />
            </p>
          )}
          <SessionsSection org={org} />
          <MyAppsSection org={org} />
        </>
      )}
    </AccountLayout>
  );
}
