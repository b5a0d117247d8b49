import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError, orgApi, type ApiErrorCode } from '../shared/api';
import { useAuthErrorHandler, useMe, useOrgInfo, useTitle } from '../shared/hooks';

/**
 * One admin resource, `GET /api/o/<org><path>`, fetched when the page mounts and on `reload()`,
 * never from a cache: what an admin sees is what the server says now. `forbidden`: not an admin.
 * Keeps the last answer while reloading, so the parts of the page showing it stay put.
 */
export function useAdminData<T>(org: string, path: string) {
  const describeError = useAuthErrorHandler(org);
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<ApiErrorCode | null>(null);
  const [forbidden, setForbidden] = useState(false);
  // Only the newest request may write: an older answer arriving late is dropped.
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const result = await orgApi(org).get<T>(path);
      if (ticket !== latest.current) return;
      setData(result);
      setError(null);
      setErrorCode(null);
    } catch (err) {
      if (ticket !== latest.current) return;
      if (isApiError(err, 'FORBIDDEN')) setForbidden(true);
      else {
        setError(describeError(err));
        setErrorCode(isApiError(err) ? err.code : null);
      }
    }
  }, [org, path, describeError]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, setData, error, errorCode, forbidden, reload };
}

/** What every admin page starts with: its title, the signed-in admin, the organisation, and its one resource. */
export function useAdminPage<T>(org: string, title: string, path: string) {
  useTitle(title);
  const { me, error: meError } = useMe(org);
  const { info } = useOrgInfo(org);
  const describeError = useAuthErrorHandler(org);
  return { me, meError, info, describeError, ...useAdminData<T>(org, path) };
}
