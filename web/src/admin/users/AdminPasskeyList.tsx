import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Passkey } from '../../shared/api';
import { formatDate, passkeyLastUsed } from '../../shared/format';
import { AuthenticatorIcon } from '../../passkeys/AuthenticatorIcon';
import { ConfirmDialog } from '../../shared/ConfirmDialog';

/** A user's passkeys as their admin sees them, each with "Delete" (after a confirmation). */
export function AdminPasskeyList({
  name,
  passkeys,
  busy,
  onDelete,
}: {
  /** Whose passkeys: the user's display name. */
  name: string;
  passkeys: Passkey[];
  busy: boolean;
  onDelete: (passkey: Passkey) => Promise<void>;
}) {
  const { t } = useTranslation('users');
  const [deleting, setDeleting] = useState<Passkey | null>(null);
  // Cancelling the dialog returns to the Delete button that opened it; after a deletion the page moves focus.
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (deleting || !opener.current) return;
    opener.current.focus();
    opener.current = null;
  }, [deleting]);

  if (passkeys.length === 0) return <p className="empty">{t('noPasskeysYet', { name })}</p>;

  return (
    <>
      <ul className="items" aria-label={t('passkeysOf', { name })}>
        {passkeys.map((p) => (
          <li key={p.id} className="item">
            <div className="item__main">
              <p className="item__title">{p.name}</p>
              <p className="item__meta">
                <AuthenticatorIcon icon={p.authenticatorIcon} />
                {p.authenticatorName ?? t('unknownAuthenticator')} · {p.backedUp ? t('synced') : t('thisDeviceOnly')}
              </p>
              <p className="item__meta">
                {t('createdAt', { date: formatDate(p.createdAt) })} · {passkeyLastUsed(p)}
              </p>
            </div>
            <div className="item__actions">
              <button
                type="button"
                className="button button--danger-quiet"
                aria-label={t('deleteNamed', { name: p.name })}
                onClick={(e) => {
                  opener.current = e.currentTarget;
                  setDeleting(p);
                }}
                disabled={busy}
              >
                {t('delete')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {deleting && (
        <ConfirmDialog
          title={t('deletePasskeyTitle', { name: deleting.name })}
          confirmLabel={t('deletePasskey')}
          busy={busy}
          onCancel={() => setDeleting(null)}
          onConfirm={async () => {
            opener.current = null;
            await onDelete(deleting);
            setDeleting(null);
          }}
        >
          <p>{t('deletePasskeyBody', { name })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
