import { useTranslation } from 'react-i18next';
import { ItemList } from '../../shared/ItemList';
import { eventLabel } from '../activity/activityLabels';
import type { ActivityEvent } from '../adminApi';
import { formatDate } from '../../shared/format';
import { Link, paths } from '../../shared/router';
import { eventMeta } from '../activity/RecentActivity';

/** The last possible cloned keys, account recoveries and password lock-outs, with the way to Activity. */
export function SecurityEvents({ org, events }: { org: string; events: ActivityEvent[] }) {
  const { t } = useTranslation('admin-home');
  return (
    <section className="section" aria-labelledby="security-heading">
      <h2 id="security-heading">{t('securityHeading')}</h2>
      <ItemList label={t('securityHeading')} empty={t('noSecurityEvents')} items={events}>
        {(e) => (
          <>
            <p className="item__title">
              {eventLabel(e.type, e.details)}
              {e.user && (
                <>
                  {' — '}
                  <Link to={paths.adminActivity(org, e.user.id)}>{e.user.username}</Link>
                </>
              )}
            </p>
            <p className="item__meta">
              {[formatDate(e.createdAt), ...eventMeta(e, { method: false, userAgent: false })].join(' · ')}
            </p>
          </>
        )}
      </ItemList>
      <p>
        <Link to={paths.adminActivity(org)}>{t('seeAllActivity')}</Link>
      </p>
    </section>
  );
}
