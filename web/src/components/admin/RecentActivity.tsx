import { eventLabel } from '../../activityLabels';
import type { ActivityEvent } from '../../adminApi';
import { formatDate, methodLabel } from '../../format';

/** A short list of events about one user, newest first. */
export function RecentActivity({ events }: { events: ActivityEvent[] }) {
  if (events.length === 0) return <p className="empty">Nothing yet.</p>;
  return (
    <ul className="items" aria-label="Recent activity">
      {events.map((e) => (
        <li key={e.id} className="item">
          <div className="item__main">
            <p className="item__title">{eventLabel(e.type)}</p>
            <p className="item__meta">
              {formatDate(e.createdAt)}
              {e.actor && e.actor.id !== e.user?.id ? ` · by ${e.actor.username}` : ''}
              {typeof e.details.method === 'string' ? ` · ${methodLabel(e.details.method)}` : ''}
              {e.ip ? ` · IP ${e.ip}` : ''}
              {e.userAgentLabel ? ` · ${e.userAgentLabel}` : ''}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
