import { formatDate, methodLabel } from '../format';

/** How and from where a session signed in, and when: the same lines for the member and their admin. */
export function SessionMeta({
  session,
}: {
  session: { method: string; ip: string | null; createdAt: number; lastSeenAt: number };
}) {
  return (
    <>
      <p className="item__meta">
        Signed in with {methodLabel(session.method).toLowerCase()}
        {session.ip ? ` · IP ${session.ip}` : ''}
      </p>
      <p className="item__meta">
        Created {formatDate(session.createdAt)} · Last seen {formatDate(session.lastSeenAt)}
      </p>
    </>
  );
}
