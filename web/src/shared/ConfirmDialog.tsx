import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BusyButton } from './BusyButton';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  busy: boolean;
}

/**
 * A modal confirmation (`<dialog>`, role dialog). Escape and "Cancel" both ask the owner to close it; focus starts on
 * "Cancel", and goes back to the button that opened the dialog when it closes (if that button is still there: after
 * a deletion the caller chooses where focus goes). Confirming closes it before `onConfirm` runs, so that what the
 * action shows next ("Confirm it's you", a refusal) is on the page, not behind the dialog.
 */
function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose, busy }: Props) {
  const { t } = useTranslation('common');
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) d.showModal();
    cancel.current?.focus();
    return () => {
      d.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="actions">
        <BusyButton
          type="button"
          className="button button--danger"
          onClick={() => {
            onClose();
            onConfirm();
          }}
          busy={busy}
        >
          {confirmLabel}
        </BusyButton>
        <BusyButton type="button" buttonRef={cancel} className="button" onClick={onClose} busy={busy}>
          {t('cancelButton')}
        </BusyButton>
      </div>
    </dialog>
  );
}

/**
 * A confirmation asked about one item of a list at a time ("Delete" on an app, a passkey): `ask(item)` opens the
 * dialog, `dialog` goes where the page shows it, and closing it forgets the item. `confirmation` says what the
 * dialog asks about that item and what confirming does.
 */
export function useConfirmation<T>(busy: boolean, confirmation: (item: T) => Omit<Props, 'onClose' | 'busy'>) {
  const [asking, setAsking] = useState<T | null>(null);
  const dialog = asking !== null && (
    <ConfirmDialog {...confirmation(asking)} busy={busy} onClose={() => setAsking(null)} />
  );
  return { asking, ask: (item: T) => setAsking(() => item), dialog };
}
