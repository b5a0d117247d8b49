import { useTranslation } from 'react-i18next';
import { AdoptionSection } from './AdoptionSection';
import { RolloutCard } from './RolloutCard';
import { SecurityEvents } from './SecurityEvents';
import { AdminFrame } from '../AdminFrame';
import { Loaded } from '../../shared/Messages';
import { useAdminPage } from '../useAdminData';

/**
 * `/o/:org/admin`, where an admin lands after signing in: the rollout card, adoption over time, recent security events.
 */
export function AdminHomePage({ org }: { org: string }) {
  const { t } = useTranslation(['admin-home', 'users']);
  const page = useAdminPage(org, t('title'), '/admin/home');
  const { me, data, error, forbidden } = page;
  return (
    <AdminFrame
      org={org}
      shell={page}
      current="admin-home"
      // Who is signed in, as on every home; the page is the admin's home of this organisation.
      title={me ? t('signedInAs', { name: me.user.displayName }) : t('title')}
    >
      <Loaded forbidden={forbidden} forbiddenText={t('users:notAdmin')} error={error} data={data}>
        {(data) => (
          <>
            <RolloutCard org={org} rollout={data.rollout} />
            <AdoptionSection org={org} />
            <SecurityEvents org={org} events={data.securityEvents} />
          </>
        )}
      </Loaded>
    </AdminFrame>
  );
}
