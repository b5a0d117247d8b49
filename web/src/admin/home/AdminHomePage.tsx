import { useTranslation } from 'react-i18next';
import { AdoptionSection } from './AdoptionSection';
import { RolloutCard } from './RolloutCard';
import { SecurityEvents } from './SecurityEvents';
import { AccountLayout } from '../../shared/Layout';
import { Alert, Loaded } from '../../shared/Messages';
import { useAdminPage } from '../useAdminData';

/**
 * `/o/:org/admin`, where an admin lands after signing in: the rollout card, adoption over time, recent security events.
 */
export function AdminHomePage({ org }: { org: string }) {
  const { t } = useTranslation(['admin-home', 'users']);
  const { me, meError, info, data, error, forbidden } = useAdminPage(org, t('title'), '/admin/home');
  return (
    <AccountLayout org={org} orgName={info?.name} current="admin-home" role={me?.user.role}>
      {/* Who is signed in, as on every home; the page is the admin's home of this organisation. */}
      <h1>{me ? t('signedInAs', { name: me.user.displayName }) : t('title')}</h1>
      <Alert message={meError} />
      <Loaded forbidden={forbidden} forbiddenText={t('users:notAdmin')} error={error} data={data}>
        {(data) => (
          <>
            <RolloutCard org={org} rollout={data.rollout} />
            <AdoptionSection org={org} />
            <SecurityEvents org={org} events={data.securityEvents} />
          </>
        )}
      </Loaded>
    </AccountLayout>
  );
}
