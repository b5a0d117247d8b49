import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError, orgApi } from './api';

/**
 * An admin list paged by the server's keyset cursor: the first page whenever `query` changes, then
 * "Load more" asks for the next one (`cursorParam` = the answer's nextCursor) and `combine` joins it on.
 * Only the newest request may write: a slow answer to an older search is dropped.
 */
export function useKeysetPages<T extends { nextCursor: string | null }>(
  org: string,
  path: string,
  query: string,
  cursorParam: 'after' | 'before',
  combine: (current: T | null, next: T, more: boolean) => T,
  describeError: (err: unknown) => string | null,
) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const latest = useRef(0);
  // Held in a ref so that a new `combine` each render does not refetch.
  const join = useRef(combine);
  join.current = combine;

  const fetchPage = useCallback(
    async (cursor: string | null) => {
      const params = new URLSearchParams(query);
      if (cursor) params.set(cursorParam, cursor);
      const ticket = ++latest.current;
      try {
        const next = await orgApi(org).get<T>(`${path}?${params}`);
        if (ticket !== latest.current) return;
        setData((current) => join.current(current, next, cursor !== null));
        setError(null);
      } catch (err) {
        if (ticket !== latest.current) return;
        if (isApiError(err, 'FORBIDDEN')) setForbidden(true);
        else setError(describeError(err));
      }
    },
    [org, path, query, cursorParam, describeError],
  );

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  async function loadMore() {
    if (!data?.nextCursor) return;
    setLoadingMore(true);
    await fetchPage(data.nextCursor);
    setLoadingMore(false);
  }

  /** The first page again, after a change (an import, a bulk action). */
  const reload = () => fetchPage(null);

  return { data, error, forbidden, loadingMore, loadMore, reload };
}
