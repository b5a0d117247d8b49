import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Passkey } from '../shared/api';
import { PasskeyDetails } from './PasskeyDetails';
import { PasskeyNameField } from './PasskeyNameField';
import { BusyButton, FormActions } from '../shared/BusyButton';
import { useConfirmation } from '../shared/ConfirmDialog';
import { useReturnFocus } from '../shared/focus';
import { ItemRow } from '../shared/ItemList';

/**
 * The user's passkeys, each with "Rename" (inline) and "Delete" (after a confirmation); "This device" marks the
 * one that signed this browser in, and the dates tell apart passkeys with the same default name.
 */
export function PasskeyList({
  passkeys,
  thisDevicePasskeyId,
  busy,
  onRename,
  onDelete,
}: {
  passkeys: Passkey[];
  thisDevicePasskeyId: string | null;
  busy: boolean;
  /** Resolves true when the new name was saved. */
  onRename: (passkey: Passkey, name: string) => Promise<boolean>;
  onDelete: (passkey: Passkey) => Promise<void>;
}) {
  const { t } = useTranslation('passkeys');
  const confirmDelete = useConfirmation<Passkey>(busy, (passkey) => ({
    title: t('deleteTitle', { name: passkey.name }),
    confirmLabel: t('deleteConfirmButton'),
    children: <p>{t('deleteWarning')}</p>,
    onConfirm: () => void onDelete(passkey),
  }));
  // After a deletion the item and its button are gone (and "Confirm it's you", when it was asked): focus goes to
  // the list (or its empty message) rather than back to the start of the page.
  const list = useRef<HTMLElement>(null);
  const count = useRef(passkeys.length);
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (passkeys.length < count.current && lost) list.current?.focus();
    count.current = passkeys.length;
  }, [passkeys.length]);

  if (passkeys.length === 0)
    return (
      <p className="empty" tabIndex={-1} ref={(element) => void (list.current = element)}>
        {t('noPasskeys')}
      </p>
    );

  return (
    <>
      <ul
        className="items"
        role="list"
        aria-label={t('listLabel')}
        tabIndex={-1}
        ref={(element) => void (list.current = element)}
      >
        {passkeys.map((p) => (
          <PasskeyItem
            key={p.id}
            passkey={p}
            thisDevice={p.id === thisDevicePasskeyId}
            busy={busy}
            onRename={onRename}
            onDelete={() => confirmDelete.ask(p)}
          />
        ))}
      </ul>
      {confirmDelete.dialog}
    </>
  );
}

function PasskeyItem({
  passkey,
  thisDevice,
  busy,
  onRename,
  onDelete,
}: {
  passkey: Passkey;
  /** The passkey that signed this browser in. */
  thisDevice: boolean;
  busy: boolean;
  onRename: (passkey: Passkey, name: string) => Promise<boolean>;
  onDelete: () => void;
}) {
  const { t } = useTranslation('passkeys');
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(passkey.name);
  const inputId = `passkey-name-${passkey.id}`;
  // When the name form closes (saved or cancelled), focus goes back to this passkey's "Rename".
  const { opener: renameButton, returnOnClose } = useReturnFocus(renaming);
  function closeForm() {
    returnOnClose();
    setRenaming(false);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const trimmed = name.trim();
    if (trimmed === passkey.name) {
      closeForm();
      return;
    }
    if (await onRename(passkey, trimmed)) closeForm();
  }

  // Hidden while the name is edited: the form has its own buttons.
  const actions = renaming ? undefined : (
    <>
      <BusyButton
        buttonRef={renameButton}
        type="button"
        className="button"
        aria-label={t('renameLabel', { name: passkey.name })}
        onClick={() => {
          setName(passkey.name);
          setRenaming(true);
        }}
        busy={busy}
      >
        {t('renameButton')}
      </BusyButton>
      <BusyButton
        type="button"
        className="button button--danger-quiet"
        aria-label={t('deleteLabel', { name: passkey.name })}
        onClick={onDelete}
        busy={busy}
      >
        {t('deleteButton')}
      </BusyButton>
    </>
  );

  return (
    <ItemRow actions={actions}>
      {renaming ? (
        <form onSubmit={onSubmit} className="inline-form">
          <PasskeyNameField id={inputId} value={name} onValue={setName} />
          <FormActions submit={t('saveButton')} busy={busy}>
            <button type="button" className="button" onClick={closeForm}>
              {t('cancelButton')}
            </button>
          </FormActions>
        </form>
      ) : (
        <p className="item__title">
          {passkey.name} {thisDevice && <span className="badge">{t('thisDevice')}</span>}
        </p>
      )}
      <PasskeyDetails
        passkey={passkey}
        words={{
          unknownAuthenticator: t('unknownAuthenticator'),
          securityKey: t('securityKey'),
          synced: t('synced'),
          deviceOnly: t('deviceOnly'),
          created: (date) => t('created', { date }),
        }}
      />
    </ItemRow>
  );
}
