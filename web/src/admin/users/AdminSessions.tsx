import { useTranslation } from 'react-i18next';
import { ItemList } from '../../shared/ItemList';
import type { AdminSession } from '../adminApi';
import { SessionMeta } from '../../account/SessionMeta';

/** Where a user is signed in (read-only: "Sign out everywhere" is next to it). */
export function AdminSessions({ name, sessions }: { name: string; sessions: AdminSession[] }) {
  const { t } = useTranslation('users');
  return (
    <ItemList label={t('sessionsOf', { name })} empty={t('notSignedInAnywhere', { name })} items={sessions}>
      {(s) => (
        <>
          <p className="item__title">{s.userAgentLabel ?? t('unknownBrowser')}</p>
          <SessionMeta session={s} />
        </>
      )}
    </ItemList>
  );
}
