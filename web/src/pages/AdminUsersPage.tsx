import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { isApiError, orgApi } from '../api';
import type { StatusFilter, UserList } from '../adminApi';
import { AddUserForm } from '../components/admin/AddUserForm';
import { UsersTable } from '../components/admin/UsersTable';
import { RadioGroup } from '../components/Fields';
import { AccountLayout } from '../components/Layout';
import { Alert, Loading } from '../components/Messages';
import { useAuthErrorHandler, useDebounced, useMe, useOrgInfo, useTitle } from '../hooks';
import { paths, useRouter } from '../router';
import { NOT_ADMIN } from '../useAdminData';

/** Typing in the search box asks the server once the person pauses, not on every key. */
const SEARCH_DEBOUNCE_MS = 250;
const PAGE_SIZE = 50;

/** `/o/:org/admin` and `/o/:org/admin/users`: Users, who is Enrolled or Pending, and "Add user". */
export function AdminUsersPage({ org }: { org: string }) {
  useTitle('Users');
  const id = useId();
  const { navigate } = useRouter();
  const { me, error: meError } = useMe(org);
  const { info } = useOrgInfo(org);
  const describeError = useAuthErrorHandler(org);
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [list, setList] = useState<UserList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [adding, setAdding] = useState(false);
  // Only the newest request may write: a slow answer to an older search is dropped.
  const latest = useRef(0);

  const fetchPage = useCallback(
    async (after: string | null) => {
      const params = new URLSearchParams({ status, limit: String(PAGE_SIZE) });
      if (query) params.set('q', query);
      if (after) params.set('after', after);
      const ticket = ++latest.current;
      try {
        const page = await orgApi(org).get<UserList>(`/admin/users?${params}`);
        if (ticket !== latest.current) return;
        // Only the plain list's first page carries counts: keep them through searches and later pages.
        setList((current) => {
          const counts = page.counts ?? current?.counts ?? null;
          return after && current ? { ...page, counts, users: [...current.users, ...page.users] } : { ...page, counts };
        });
        setError(null);
      } catch (err) {
        if (ticket !== latest.current) return;
        if (isApiError(err, 'FORBIDDEN')) setForbidden(true);
        else setError(describeError(err));
      }
    },
    [org, query, status, describeError],
  );

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  async function loadMore() {
    if (!list?.nextCursor) return;
    setLoadingMore(true);
    await fetchPage(list.nextCursor);
    setLoadingMore(false);
  }

  const counts = list?.counts;
  const statusOptions = [
    { value: 'all', label: `All${counts ? ` (${counts.all})` : ''}` },
    { value: 'enrolled', label: `Enrolled${counts ? ` (${counts.enrolled})` : ''}` },
    { value: 'pending', label: `Pending${counts ? ` (${counts.pending})` : ''}` },
  ] as const;

  return (
    <AccountLayout org={org} orgName={info?.name} current="users" role={me?.user.role}>
      <h1>Users</h1>
      <Alert message={meError} />
      {forbidden ? (
        <Alert message={NOT_ADMIN} />
      ) : (
        <>
          <p className="muted">
            Enrolled: has created a passkey. Pending: has not yet. Open a user to enroll a passkey for them, or to recover their account
            after they lost their device.
          </p>
          {adding ? (
            <AddUserForm
              org={org}
              describeError={describeError}
              onCancel={() => setAdding(false)}
              onAdded={(user) => navigate(paths.adminUser(org, user.id), { flash: `Added ${user.displayName}` })}
            />
          ) : (
            <p>
              <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
                Add user
              </button>
            </p>
          )}
          <div className="filters">
            <div className="field">
              <label htmlFor={`${id}-search`}>Search users</label>
              <input
                id={`${id}-search`}
                type="search"
                autoComplete="off"
                spellCheck={false}
                aria-describedby={`${id}-search-hint`}
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
              <p id={`${id}-search-hint`} className="field__hint">
                Name, username or email.
              </p>
            </div>
            <RadioGroup legend="Enrollment status" name="enrollment-status" options={statusOptions} value={status} onChange={setStatus} />
          </div>
          <Alert message={error} />
          {!list ? (
            !error && <Loading />
          ) : list.users.length === 0 ? (
            <p className="empty">{query || status !== 'all' ? 'No users match.' : 'There are no users yet.'}</p>
          ) : (
            <>
              <UsersTable org={org} users={list.users} />
              {list.nextCursor && (
                <p>
                  <button type="button" className="button" onClick={() => void loadMore()} disabled={loadingMore}>
                    Load more
                  </button>
                </p>
              )}
            </>
          )}
        </>
      )}
    </AccountLayout>
  );
}
