import { useTranslation } from 'react-i18next';
import { Table } from '../../shared/Table';
import { eventLabel } from './activityLabels';
import { EventDetails } from './EventDetails';
import { actorLabel } from './actorLabel';
import type { ActivityEvent } from '../adminApi';
import { formatDate, methodLabel } from '../../shared/format';
import { Link, paths } from '../../shared/router';

/** How the member signed in (a method's name, always a string); nothing for events without one. */
function method(event: ActivityEvent): string {
  const value = event.details.method;
  return typeof value === 'string' ? methodLabel(value) : '';
}

/** The organisation's audit events, newest first: what happened, to whom, by whom, how and from where. */
export function ActivityTable({ org, events }: { org: string; events: ActivityEvent[] }) {
  const { t } = useTranslation('activity');
  const columns = [
    t('timeColumn'),
    t('eventColumn'),
    t('userColumn'),
    t('byColumn'),
    t('methodColumn'),
    t('ipColumn'),
    t('detailsColumn'),
  ];
  const [time, event, user, by, how, ip, details] = columns;
  return (
    <Table caption={t('tableCaption')} columns={columns} stacked>
      {events.map((e) => (
        <tr key={e.id}>
          <td data-label={time}>
            <time dateTime={new Date(e.createdAt).toISOString()}>{formatDate(e.createdAt)}</time>
          </td>
          <td data-label={event} title={e.type}>
            {eventLabel(e.type, e.details)}
          </td>
          <td data-label={user} className="long">
            {e.user ? <Link to={paths.adminUser(org, e.user.id)}>{e.user.username}</Link> : ''}
          </td>
          <td data-label={by} className="long">
            {actorLabel(e)}
          </td>
          <td data-label={how}>{method(e)}</td>
          <td data-label={ip} className={e.ip?.includes(':') ? 'long' : 'whole'}>
            {e.ip ?? ''}
          </td>
          <td data-label={details} className="long">
            <EventDetails details={e.details} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
