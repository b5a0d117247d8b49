/** "Load more" under a keyset-paged list (see useKeysetPages): shown while the server has a next page. */
export function LoadMore({
  label,
  nextCursor,
  loading,
  onLoad,
}: {
  label: string;
  nextCursor: string | null;
  loading: boolean;
  onLoad: () => Promise<void>;
}) {
  if (!nextCursor) return null;
  return (
    <p>
      <button type="button" className="button" onClick={() => void onLoad()} disabled={loading}>
        {label}
      </button>
    </p>
  );
}
