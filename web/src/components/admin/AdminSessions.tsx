import type { AdminSession } from '../../adminApi';
import { SessionMeta } from '../SessionMeta';

/** Where a user is signed in (read-only: "Sign out everywhere" is next to it). */
export function AdminSessions({ name, sessions }: { name: string; sessions: AdminSession[] }) {
  if (sessions.length === 0) return <p className="empty">{name} is not signed in anywhere.</p>;
  return (
    <ul className="items" aria-label={`Sessions of ${name}`}>
      {sessions.map((s) => (
        <li key={s.id} className="item">
          <div className="item__main">
            <p className="item__title">{s.userAgentLabel ?? 'Unknown browser'}</p>
            <SessionMeta session={s} />
          </div>
        </li>
      ))}
    </ul>
  );
}
