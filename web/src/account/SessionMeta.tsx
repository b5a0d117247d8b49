import { useTranslation } from 'react-i18next';
import { formatDate, methodKeyword } from '../shared/format';

/** How and from where a session signed in, and when: the same lines for the member and their admin. */
export function SessionMeta({
  session,
}: {
  session: {
    method: string;
    passkeyName: string | null;
    ip: string | null;
    createdAt: number;
    lastSeenAt: number;
    idle: boolean;
  };
}) {
  const { t } = useTranslation('common');
  return (
    <>
      <p className="item__meta">
        {session.passkeyName
          ? t('signedInWithPasskeyNamed', { name: session.passkeyName })
          : t('signedInWith', { method: methodKeyword(session.method) })}
        {session.ip ? ` · ${t('sessionIp', { ip: session.ip })}` : ''}
      </p>
      <p className="item__meta">
        {t('sessionTimes', { created: formatDate(session.createdAt), lastSeen: formatDate(session.lastSeenAt) })}
      </p>
      {session.idle && <p className="item__meta">{t('sessionIdleWithApps')}</p>}
    </>
  );
}
