import { useTranslation } from 'react-i18next';
import { BackupCard } from './BackupCard';
import { AccountLayout } from '../shared/Layout';
import { Alert, Loading } from '../shared/Messages';
import { SessionsSection } from './SessionsSection';
import { MyAppsSection } from '../apps/MyAppsSection';
import { useMe, useOrgInfo, useTitle } from '../shared/hooks';
import { verifierOf } from '../sign-in/useReverify';

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
          <BackupCard org={org} waysIn={me.waysIn} />
          <SessionsSection org={org} verifier={verifierOf(me)} />
          <MyAppsSection org={org} />
        </>
      )}
    </AccountLayout>
  );
}
