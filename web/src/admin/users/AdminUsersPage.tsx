import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser, StatusFilter } from '../adminApi';
import { BulkEnrollmentEmails } from '../../enrollment/BulkEnrollmentEmails';
import { ImportUsersPanel } from './ImportUsersPanel';
import { verifierOf } from '../../sign-in/useReverify';
import { AddUserForm } from './AddUserForm';
import { UsersTable } from './UsersTable';
import { RadioGroup, TextField } from '../../shared/Fields';
import { AdminFrame } from '../AdminFrame';
import { Alert, Loading } from '../../shared/Messages';
import { useDebounced } from '../../shared/hooks';
import { useAdminShell } from '../useAdminData';
import { paths, useRouter } from '../../shared/router';
import { useKeysetPages } from '../../shared/useKeysetPages';
import { LoadMore } from '../../shared/LoadMore';

/** Typing in the search box asks the server once the person pauses, not on every key. */
const SEARCH_DEBOUNCE_MS = 250;
const PAGE_SIZE = 50;

function statusFrom(search: string): StatusFilter {
  const status = new URLSearchParams(search).get('status');
  return status === 'pending' || status === 'enrolled' ? status : 'all';
}

/** `/o/:org/admin/users`: Users, who is Enrolled or Pending, and "Add user". */
export function AdminUsersPage({ org }: { org: string }) {
  const { t } = useTranslation('users');
  const shell = useAdminShell(org, t('title'));
  const { me, describeError } = shell;
  const id = useId();
  const { navigate, location } = useRouter();
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  // `?status=pending` (the admin home's Pending link) opens the list on that filter.
  const [status, setStatus] = useState<StatusFilter>(() => statusFrom(location.search));
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  // Closing "Add a user" or "Import users" returns the keyboard to the button that opened it.
  const addButton = useRef<HTMLButtonElement>(null);
  const importButton = useRef<HTMLButtonElement>(null);
  const closedPanel = useRef<'add' | 'import' | null>(null);
  useEffect(() => {
    if (adding || importing || !closedPanel.current) return;
    (closedPanel.current === 'add' ? addButton : importButton).current?.focus();
    closedPanel.current = null;
  }, [adding, importing]);
  const [selected, setSelected] = useState<Map<string, AdminUser>>(new Map());
  const admin = verifierOf(me);
  const toggle = (user: AdminUser, checked: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      if (checked) next.set(user.id, user);
      else next.delete(user.id);
      return next;
    });
  const {
    data: list,
    error,
    forbidden,
    loadingMore,
    loadMore,
    reload,
  } = useKeysetPages(
    org,
    '/admin/users',
    { status, limit: String(PAGE_SIZE), q: query || undefined },
    'after',
    // Only the plain list's first page carries counts: keep them through searches and later pages.
    (current, page, more) => {
      const counts = page.counts ?? current?.counts ?? null;
      return more && current ? { ...page, counts, users: [...current.users, ...page.users] } : { ...page, counts };
    },
    describeError,
  );

  const counts = list?.counts;
  const statusOptions = [
    { value: 'all', label: counts ? t('filterAllCount', { count: counts.all }) : t('filterAll') },
    { value: 'enrolled', label: counts ? t('filterEnrolledCount', { count: counts.enrolled }) : t('filterEnrolled') },
    { value: 'pending', label: counts ? t('filterPendingCount', { count: counts.pending }) : t('filterPending') },
  ] as const;

  return (
    <AdminFrame org={org} shell={shell} current="users" title={t('title')} table>
      {forbidden ? (
        <Alert message={t('notAdmin')} />
      ) : (
        <>
          <p className="muted">{t('intro')}</p>
          {adding ? (
            <AddUserForm
              org={org}
              admin={admin}
              describeError={describeError}
              onCancel={() => {
                closedPanel.current = 'add';
                setAdding(false);
              }}
              onAdded={(user) =>
                navigate(paths.adminUser(org, user.id), { flash: t('added', { name: user.displayName }) })
              }
            />
          ) : importing ? (
            <ImportUsersPanel
              org={org}
              admin={admin}
              describeError={describeError}
              onClose={() => {
                closedPanel.current = 'import';
                setImporting(false);
              }}
              onImported={() => void reload()}
            />
          ) : (
            <div className="actions">
              <button type="button" ref={addButton} className="button button--primary" onClick={() => setAdding(true)}>
                {t('addUserButton')}
              </button>
              <button type="button" ref={importButton} className="button" onClick={() => setImporting(true)}>
                {t('importUsersButton')}
              </button>
            </div>
          )}
          <div className="filters">
            <TextField
              id={`${id}-search`}
              label={t('searchLabel')}
              hint={t('searchHint')}
              type="search"
              autoComplete="off"
              spellCheck={false}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
            <RadioGroup
              legend={t('statusFilterLegend')}
              name="enrollment-status"
              options={statusOptions}
              value={status}
              onChange={setStatus}
            />
          </div>
          <Alert message={error} />
          {!list ? (
            !error && <Loading />
          ) : list.users.length === 0 ? (
            <p className="empty">{query || status !== 'all' ? t('noMatch') : t('noUsersYet')}</p>
          ) : (
            <>
              <BulkEnrollmentEmails
                org={org}
                admin={admin}
                selected={[...selected.values()]}
                describeError={describeError}
                onSent={() => {
                  setSelected(new Map());
                  void reload();
                }}
              />
              <UsersTable org={org} users={list.users} selected={new Set(selected.keys())} onToggle={toggle} />
              <LoadMore label={t('loadMore')} nextCursor={list.nextCursor} loading={loadingMore} onLoad={loadMore} />
            </>
          )}
        </>
      )}
    </AdminFrame>
  );
}
