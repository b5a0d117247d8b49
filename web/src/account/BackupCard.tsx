import { useTranslation } from 'react-i18next';
import type { WaysIn } from '../shared/api';
import { Link, paths } from '../shared/router';

/** What the member can add as a backup, as the card's title says it (an ICU select in the catalogs). */
function backupOptions(waysIn: WaysIn): string {
  const passkey = waysIn.passkeys > 0 ? 'otherDevice' : 'passkey';
  if (waysIn.canAddPasskey && waysIn.canAddPassword)
    return passkey === 'passkey' ? 'passkeyOrPassword' : 'otherDeviceOrPassword';
  return waysIn.canAddPasskey ? passkey : 'password';
}

/**
 * "Add a backup" on the home page until the member has two ways in (the server's rule, `me.waysIn`), so a
 * lost device does not need the administrator. Says what counts.
 */
export function BackupCard({ org, waysIn }: { org: string; waysIn: WaysIn }) {
  const { t } = useTranslation('home');
  // No way in at all (an enrollment code or a recovery signed them in): not a backup, the first one.
  if (waysIn.count === 0)
    return (
      <section className="panel" aria-labelledby="backup-title">
        <h2 id="backup-title">{t('noWayTitle')}</h2>
        <p>{t('noWayBody')}</p>
        <p className="muted">{t('backupPasskeyExplained')}</p>
        <p>
          <Link to={paths.passkeys(org)}>{t('noWayLink')}</Link>
        </p>
      </section>
    );
  if (!waysIn.backupNeeded) return null;
  const counts =
    waysIn.canAddPassword || waysIn.password ? t('backupCountsWithPassword') : t('backupCountsPasskeysOnly');
  return (
    <section className="panel" aria-labelledby="backup-title">
      <h2 id="backup-title">{t('backupTitle', { what: backupOptions(waysIn) })}</h2>
      <p>
        {t('backupOneWay')} {counts}
      </p>
      {waysIn.passkeys === 0 && <p className="muted">{t('backupPasskeyExplained')}</p>}
      <p>
        <Link to={paths.passkeys(org)}>{t('backupAddLink')}</Link>
      </p>
    </section>
  );
}
