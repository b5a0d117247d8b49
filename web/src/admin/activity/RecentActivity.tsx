import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { ItemList } from '../../shared/ItemList';
import { eventLabel } from './activityLabels';
import { doneVia } from './actorLabel';
import type { ActivityEvent } from '../adminApi';
import { formatDate, methodLabel } from '../../shared/format';

/**
 * An event's "by …" (or "from the command line", "at the first start"), method, "IP …" and browser, each in the
 * page's language, to be joined with " · ".
 */
export function eventMeta(e: ActivityEvent, show = { method: true, userAgent: true }): string[] {
  const parts: string[] = [];
  if (e.actor && e.actor.id !== e.user?.id) parts.push(i18next.t('activity:byActor', { username: e.actor.username }));
  else if (doneVia(e) === 'cli') parts.push(i18next.t('activity:byCommandLine'));
  else if (doneVia(e) === 'first-start') parts.push(i18next.t('activity:byFirstStart'));
  if (show.method && typeof e.details.method === 'string') parts.push(methodLabel(e.details.method));
  if (e.ip) parts.push(i18next.t('activity:fromIp', { ip: e.ip }));
  if (show.userAgent && e.userAgentLabel) parts.push(e.userAgentLabel);
  return parts;
}

/** A short list of events about one user, newest first. */
export function RecentActivity({ events }: { events: ActivityEvent[] }) {
  const { t } = useTranslation('activity');
  return (
    <ItemList label={t('recentActivity')} empty={t('nothingYet')} items={events}>
      {(e) => (
        <>
          <p className="item__title">{eventLabel(e.type, e.details)}</p>
          <p className="item__meta">{[formatDate(e.createdAt), ...eventMeta(e)].join(' · ')}</p>
        </>
      )}
    </ItemList>
  );
}
