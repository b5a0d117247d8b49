import { useTranslation } from 'react-i18next';
import type { AdminSession } from '../adminApi';
import { SessionMeta } from '../../account/SessionMeta';

/** Where a user is signed in (read-only: "Sign out everywhere" is next to it). */
export function AdminSessions({ name, sessions }: { name: string; sessions: AdminSession[] }) {
  const { t } = useTranslation('users');
  if (sessions.length === 0) return <p className="empty">{t('notSignedInAnywhere', { name })}</p>;
  return (
    <ul className="items" aria-label={t('sessionsOf', { name })}>
      {sessions.map((s) => (
        <li key={s.id} className="item">
          <div className="item__main">
            <p className="item__title">{s.userAgentLabel ?? t('unknownBrowser')}</p>
            <SessionMeta session={s} />
          </div>
        </li>
      ))}
    </ul>
  );
}
