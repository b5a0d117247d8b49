import { useCallback, useEffect, useRef, useState } from 'react';
import { getFilled, isApiError, type OrgPath, type OrgRoute, type Reply } from './api';
import type { Query } from '../../../src/http/contract';
import { queryString } from './routes';

type Page<P extends OrgPath<'GET'>> = Awaited<Reply<OrgRoute<'GET', P>>>;
/** The admin lists the server pages by a keyset cursor. */
type PagedPath = { [P in OrgPath<'GET'>]: Page<P> extends { nextCursor: string | null } ? P : never }[OrgPath<'GET'>];

/**
 * An admin list paged by the server's keyset cursor: the first page whenever `query` changes, then
 * "Load more" asks for the next one (`cursorParam` = the answer's nextCursor) and `combine` joins it on.
 * Only the newest request may write: a slow answer to an older search is dropped.
 */
export function useKeysetPages<P extends PagedPath, C extends keyof Query<OrgRoute<'GET', P>> & ('after' | 'before')>(
  org: string,
  path: P,
  query: Omit<Query<OrgRoute<'GET', P>>, C>,
  cursorParam: C,
  combine: (current: Page<P> | null, next: Page<P>, more: boolean) => Page<P>,
  describeError: (err: unknown) => string | null,
) {
  type T = Page<P>;
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const latest = useRef(0);
  // Held in a ref so that a new `combine` each render does not refetch.
  const join = useRef(combine);
  join.current = combine;

  // The query is a new object each render: its string says when it is another list.
  const search = queryString(query as Record<string, string | undefined>);
  const fetchPage = useCallback(
    async (cursor: string | null) => {
      const params = new URLSearchParams(search);
      if (cursor) params.set(cursorParam, cursor);
      const ticket = ++latest.current;
      try {
        const next = await getFilled(org, path, `${path}?${params}`);
        if (ticket !== latest.current) return;
        setData((current) => join.current(current, next, cursor !== null));
        setError(null);
      } catch (err) {
        if (ticket !== latest.current) return;
        if (isApiError(err, 'FORBIDDEN')) setForbidden(true);
        else setError(describeError(err));
      }
    },
    [org, path, search, cursorParam, describeError],
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
