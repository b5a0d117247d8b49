import { eventLabel } from '../../../activityLabels';
import type { ActivityEvent } from '../../../adminApi';
import { formatDate } from '../../../format';
import { Link, paths } from '../../../router';

/** The last possible cloned keys, account recoveries and password lock-outs, with the way to Activity. */
export function SecurityEvents({ org, events }: { org: string; events: ActivityEvent[] }) {
  return (
    <section className="section" aria-labelledby="security-heading">
      <h2 id="security-heading">Recent security events</h2>
      {events.length === 0 ? (
        <p className="empty">No possible cloned keys, account recoveries or lock-outs in the past 30 days.</p>
      ) : (
        <ul className="items" aria-label="Recent security events">
          {events.map((e) => (
            <li key={e.id} className="item">
              <div className="item__main">
                <p className="item__title">
                  {eventLabel(e.type)}
                  {e.user && (
                    <>
                      {' — '}
                      <Link to={paths.adminActivity(org, e.user.id)}>{e.user.username}</Link>
                    </>
                  )}
                </p>
                <p className="item__meta">
                  {formatDate(e.createdAt)}
                  {e.actor && e.actor.id !== e.user?.id ? ` · by ${e.actor.username}` : ''}
                  {e.ip ? ` · IP ${e.ip}` : ''}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={paths.adminActivity(org)}>See all activity</Link>
      </p>
    </section>
  );
}
