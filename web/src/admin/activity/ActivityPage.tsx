import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityFilters as Filters } from '../adminApi';
import { ActivityFilters, dayEnd, dayStart, type ActivityFilter } from './ActivityFilters';
import { ActivityTable } from './ActivityTable';
import { AdoptionSection } from '../home/AdoptionSection';
import { AdminFrame } from '../AdminFrame';
import { Alert, Loading } from '../../shared/Messages';
import { useDebounced } from '../../shared/hooks';
import { useAdminShell } from '../useAdminData';
import { Link, paths, useRouter } from '../../shared/router';
import { useKeysetPages } from '../../shared/useKeysetPages';
import { LoadMore } from '../../shared/LoadMore';
import { orgGetUrl } from '../../shared/api';

const PAGE_SIZE = 50;

/** The filters as the API and the export take them. */
function filterQuery(userId: string | null, filter: ActivityFilter, username: string): Filters {
  const from = dayStart(filter.from);
  const to = dayEnd(filter.to);
  return {
    userId: userId || undefined,
    username: username || undefined,
    // One of the types the server listed with the last page.
    type: (filter.type || undefined) as Filters['type'],
    from: from === null ? undefined : String(from),
    to: to === null ? undefined : String(to),
  };
}

/**
 * `/o/:org/admin/activity[?userId=…]`: the organisation's security activity, filtered by type and dates
 * (and by user when opened from a user's "All activity"), with CSV and JSON Lines exports; passkey adoption.
 */
export function ActivityPage({ org }: { org: string }) {
  const { t } = useTranslation(['activity', 'users']);
  const shell = useAdminShell(org, t('title'));
  const { describeError } = shell;
  const { location } = useRouter();
  const userId = new URLSearchParams(location.search).get('userId');
  const [filter, setFilter] = useState<ActivityFilter>({ username: '', type: '', from: '', to: '' });
  const username = useDebounced(filter.username.trim(), 300);
  const filters = filterQuery(userId, filter, username);
  const {
    data: page,
    error,
    forbidden,
    loadingMore,
    loadMore,
  } = useKeysetPages(
    org,
    '/admin/activity',
    { ...filters, limit: String(PAGE_SIZE) },
    'before',
    (current, next, more) => (more && current ? { ...next, events: [...current.events, ...next.events] } : next),
    describeError,
  );

  const exportUrl = (format: 'csv' | 'jsonl') =>
    orgGetUrl(org, '/admin/activity/export', { query: { ...filters, format } });
  const filteredUser = userId ? page?.events.find((e) => e.user?.id === userId)?.user : undefined;

  return (
    <AdminFrame org={org} shell={shell} current="activity" title={t('title')} table>
      {forbidden ? (
        <Alert message={t('users:notAdmin')} />
      ) : (
        <>
          {userId && (
            <p className="hint">
              {filteredUser ? t('showingUser', { username: filteredUser.username }) : t('showingOneUser')}{' '}
              <Link to={paths.adminActivity(org)}>{t('showEveryone')}</Link>
            </p>
          )}
          <ActivityFilters types={page?.types ?? []} value={filter} onChange={setFilter} />
          <p className="actions">
            {/* Plain links: the browser downloads them with the session cookie. */}
            <a className="button" href={exportUrl('csv')} download>
              {t('exportCsv')}
            </a>
            <a className="button" href={exportUrl('jsonl')} download>
              {t('exportJsonLines')}
            </a>
          </p>
          <Alert message={error} />
          {!page ? (
            !error && <Loading />
          ) : page.events.length === 0 ? (
            <p className="empty">{t('noMatch')}</p>
          ) : (
            <>
              <ActivityTable org={org} events={page.events} />
              <LoadMore label={t('loadMore')} nextCursor={page.nextCursor} loading={loadingMore} onLoad={loadMore} />
            </>
          )}
          <AdoptionSection org={org} />
        </>
      )}
    </AdminFrame>
  );
}
