import { eventLabel } from '../../activityLabels';
import type { ActivityEvent } from '../../adminApi';
import { formatDate, methodLabel } from '../../format';
import { Link, paths } from '../../router';

function method(event: ActivityEvent): string {
  const value = event.details.method;
  return value === null || value === undefined ? '' : methodLabel(String(value));
}

/** The organisation's audit events, newest first: what happened, to whom, by whom, how and from where. */
export function ActivityTable({ org, events }: { org: string; events: ActivityEvent[] }) {
  return (
    <div className="table-wrap">
      <table className="table table--wrap">
        <caption className="visually-hidden">Activity, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">User</th>
            <th scope="col">By</th>
            <th scope="col">Method</th>
            <th scope="col">IP</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>
                <time dateTime={new Date(e.createdAt).toISOString()}>{formatDate(e.createdAt)}</time>
              </td>
              <td title={e.type}>{eventLabel(e.type)}</td>
              <td>{e.user ? <Link to={paths.adminUser(org, e.user.id)}>{e.user.username}</Link> : ''}</td>
              <td>{e.actor?.username ?? ''}</td>
              <td>{method(e)}</td>
              <td>{e.ip ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
