import { useTranslation } from 'react-i18next';
import { useAdminData } from '../useAdminData';
import { Alert, Loading } from '../../shared/Messages';
import { AdoptionChart } from './AdoptionChart';
import { enrolledOf } from './rolloutText';

/** "Passkey adoption": how many members are Enrolled and Pending, and how that grew, in percent. */
export function AdoptionSection({ org }: { org: string }) {
  const { t } = useTranslation('admin-home');
  const { data, error } = useAdminData(org, '/admin/adoption');
  const percent = data && data.members > 0 ? Math.floor((data.enrolled * 100) / data.members) : 0;
  return (
    <section className="section" aria-labelledby="adoption-heading">
      <h2 id="adoption-heading">{t('adoptionHeading')}</h2>
      <Alert message={error} />
      {!data ? (
        !error && <Loading />
      ) : (
        <>
          <p className="counts">
            <strong>{enrolledOf(data.enrolled, data.members, percent)}</strong>{' '}
            <span className="muted">{t('pendingCount', { count: data.pending })}</span>
          </p>
          <AdoptionChart series={data.series} />
        </>
      )}
    </section>
  );
}
