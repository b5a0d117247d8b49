import type { Adoption } from '../../adminApi';
import { useAdminData } from '../../useAdminData';
import { Alert, Loading } from '../Messages';
import { AdoptionChart } from './AdoptionChart';

/** "Passkey adoption": how many members are Enrolled and Pending, and how that grew. */
export function AdoptionSection({ org }: { org: string }) {
  const { data, error } = useAdminData<Adoption>(org, '/admin/adoption');
  return (
    <section className="section" aria-labelledby="adoption-heading">
      <h2 id="adoption-heading">Passkey adoption</h2>
      <Alert message={error} />
      {!data ? (
        !error && <Loading />
      ) : (
        <>
          <p className="counts">
            <strong>
              {data.enrolled} enrolled, {data.pending} pending
            </strong>{' '}
            <span className="muted">of {data.members} members</span>
          </p>
          <AdoptionChart series={data.series} />
        </>
      )}
    </section>
  );
}
