import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ItemList } from '../../shared/ItemList';
import type { Passkey } from '../../shared/api';
import { PasskeyDetails, type PasskeyWords } from '../../passkeys/PasskeyDetails';
import { useConfirmation } from '../../shared/ConfirmDialog';

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
  const words: PasskeyWords = {
    unknownAuthenticator: t('unknownAuthenticator'),
    securityKey: t('securityKey'),
    synced: t('synced'),
    deviceOnly: t('thisDeviceOnly'),
    created: (date) => t('createdAt', { date }),
  };
  // Cancelling the dialog returns to the Delete button that opened it; after a deletion the page moves focus.
  const opener = useRef<HTMLElement | null>(null);
  const confirmDelete = useConfirmation<Passkey>(busy, (passkey) => ({
    title: t('deletePasskeyTitle', { name: passkey.name }),
    confirmLabel: t('deletePasskey'),
    children: <p>{t('deletePasskeyBody', { name })}</p>,
    onConfirm: () => {
      opener.current = null;
      void onDelete(passkey);
    },
  }));
  const deleting = confirmDelete.asking;
  useEffect(() => {
    if (deleting || !opener.current) return;
    opener.current.focus();
    opener.current = null;
  }, [deleting]);

  return (
    <>
      <ItemList
        label={t('passkeysOf', { name })}
        empty={t('noPasskeysYet', { name })}
        items={passkeys}
        actions={(p) => (
          <button
            type="button"
            className="button button--danger-quiet"
            aria-label={t('deleteNamed', { name: p.name })}
            onClick={(e) => {
              opener.current = e.currentTarget;
              confirmDelete.ask(p);
            }}
            disabled={busy}
          >
            {t('delete')}
          </button>
        )}
      >
        {(p) => (
          <>
            <p className="item__title">{p.name}</p>
            <PasskeyDetails passkey={p} words={words} />
          </>
        )}
      </ItemList>
      {confirmDelete.dialog}
    </>
  );
}
