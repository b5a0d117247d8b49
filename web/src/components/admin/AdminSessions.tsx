import type { AdminSession } from '../../adminApi';
import { formatDate, methodLabel } from '../../format';

/** Where a user is signed in (read-only: "Sign out everywhere" is next to it). */
export function AdminSessions({ name, sessions }: { name: string; sessions: AdminSession[] }) {
  if (sessions.length === 0) return <p className="empty">{name} is not signed in anywhere.</p>;
  return (
    <ul className="items" aria-label={`Sessions of ${name}`}>
      {sessions.map((s) => (
        <li key={s.id} className="item">
          <div className="item__main">
            <p className="item__title">{s.userAgentLabel ?? 'Unknown browser'}</p>
            <p className="item__meta">
              Signed in with {methodLabel(s.method).toLowerCase()}
              {s.ip ? ` · IP ${s.ip}` : ''}
            </p>
            <p className="item__meta">
              Created {formatDate(s.createdAt)} · Last seen {formatDate(s.lastSeenAt)}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
