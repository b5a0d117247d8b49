import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityPage as ActivityAnswer } from '../adminApi';
import { ActivityFilters, dayEnd, dayStart, type ActivityFilter } from './ActivityFilters';
import { ActivityTable } from './ActivityTable';
import { AdoptionSection } from '../home/AdoptionSection';
import { AccountLayout } from '../../shared/Layout';
import { Alert, Loading } from '../../shared/Messages';
import { useAuthErrorHandler, useDebounced, useMe, useOrgInfo, useTitle } from '../../shared/hooks';
import { Link, paths, useRouter } from '../../shared/router';
import { useKeysetPages } from '../../shared/useKeysetPages';

const PAGE_SIZE = 50;

/** The filters as the API and the export take them. */
function filterParams(userId: string | null, filter: ActivityFilter, username: string): URLSearchParams {
  const params = new URLSearchParams();
  if (userId) params.set('userId', userId);
  if (username) params.set('username', username);
  if (filter.type) params.set('type', filter.type);
  const from = dayStart(filter.from);
  const to = dayEnd(filter.to);
  if (from !== null) params.set('from', String(from));
  if (to !== null) params.set('to', String(to));
  return params;
}

/**
 * `/o/:org/admin/activity[?userId=…]`: the organisation's security activity, filtered by type and dates
 * (and by user when opened from a user's "All activity"), with CSV and JSON Lines exports; passkey adoption.
 */
export function ActivityPage({ org }: { org: string }) {
  const { t } = useTranslation(['activity', 'users']);
  useTitle(t('title'));
  const { location } = useRouter();
  const userId = new URLSearchParams(location.search).get('userId');
  const { me, error: meError } = useMe(org);
  const { info } = useOrgInfo(org);
  const describeError = useAuthErrorHandler(org);
  const [filter, setFilter] = useState<ActivityFilter>({ username: '', type: '', from: '', to: '' });
  const username = useDebounced(filter.username.trim(), 300);
  const query = filterParams(userId, filter, username).toString();
  const {
    data: page,
    error,
    forbidden,
    loadingMore,
    loadMore,
  } = useKeysetPages<ActivityAnswer>(
    org,
    '/admin/activity',
    `${query}${query ? '&' : ''}limit=${PAGE_SIZE}`,
    'before',
    (current, next, more) => (more && current ? { ...next, events: [...current.events, ...next.events] } : next),
    describeError,
  );

  const exportUrl = (format: 'csv' | 'jsonl') => {
    const params = new URLSearchParams(query);
    params.set('format', format);
    return `/api/o/${encodeURIComponent(org)}/admin/activity/export?${params}`;
  };
  const filteredUser = userId ? page?.events.find((e) => e.user?.id === userId)?.user : undefined;

  return (
    <AccountLayout org={org} orgName={info?.name} current="activity" role={me?.user.role}>
      <h1>{t('title')}</h1>
      <Alert message={meError} />
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
              {page.nextCursor && (
                <p>
                  <button type="button" className="button" onClick={() => void loadMore()} disabled={loadingMore}>
                    {t('loadMore')}
                  </button>
                </p>
              )}
            </>
          )}
          <AdoptionSection org={org} />
        </>
      )}
    </AccountLayout>
  );
}
