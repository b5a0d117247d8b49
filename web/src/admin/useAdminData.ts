import { useCallback, useEffect, useRef, useState } from 'react';
import { getFilled, isApiError, type ApiErrorCode, type OrgGetArgs, type OrgPath } from '../shared/api';
import type { OrgRoute, Reply } from '../shared/api';
import { fillPath } from '../shared/routes';
import { useAuthErrorHandler, useMe, useOrgInfo, useTitle } from '../shared/hooks';

/**
 * One admin resource, `GET /api/o/<org><path>`, fetched when the page mounts and on `reload()`,
 * never from a cache: what an admin sees is what the server says now. `forbidden`: not an admin.
 * Keeps the last answer while reloading, so the parts of the page showing it stay put.
 */
export function useAdminData<P extends OrgPath<'GET'>>(org: string, path: P, ...args: OrgGetArgs<P>) {
  const describeError = useAuthErrorHandler(org);
  const [data, setData] = useState<Awaited<Reply<OrgRoute<'GET', P>>> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<ApiErrorCode | null>(null);
  const [forbidden, setForbidden] = useState(false);
  // Only the newest request may write: an older answer arriving late is dropped.
  const latest = useRef(0);
  // The arguments are new each render: the request's URL says when it is another one.
  const filled = fillPath(path, args[0]);

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const result = await getFilled(org, path, filled);
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
  }, [org, path, filled, describeError]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, setData, error, errorCode, forbidden, reload };
}

/** What every admin page starts with: its title, the signed-in admin and the organisation (see AdminFrame). */
export function useAdminShell(org: string, title: string) {
  useTitle(title);
  const { me, error: meError } = useMe(org);
  const { info } = useOrgInfo(org);
  const describeError = useAuthErrorHandler(org);
  return { me, meError, info, describeError };
}

/** An admin page with one resource: its shell and that resource. */
export function useAdminPage<P extends OrgPath<'GET'>>(org: string, title: string, path: P, ...args: OrgGetArgs<P>) {
  return { ...useAdminShell(org, title), ...useAdminData(org, path, ...args) };
}
