import { useState, type FormEvent } from 'react';
import type { Passkey } from '../api';
import { formatDate, passkeyLastUsed } from '../format';
import { ConfirmDialog } from './ConfirmDialog';

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
  const [deleting, setDeleting] = useState<Passkey | null>(null);

  if (passkeys.length === 0) return <p className="empty">You have no passkeys yet.</p>;

  return (
    <>
      <ul className="items" role="list" aria-label="Your passkeys">
        {passkeys.map((p) => (
          <PasskeyItem
            key={p.id}
            passkey={p}
            thisDevice={p.id === thisDevicePasskeyId}
            busy={busy}
            onRename={onRename}
            onDelete={() => setDeleting(p)}
          />
        ))}
      </ul>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete passkey"
          busy={busy}
          onCancel={() => setDeleting(null)}
          onConfirm={async () => {
            await onDelete(deleting);
            setDeleting(null);
          }}
        >
          <p>
            You will no longer be able to sign in with this passkey. The device may still show it until you remove it
            there too.
          </p>
        </ConfirmDialog>
      )}
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
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(passkey.name);
  const inputId = `passkey-name-${passkey.id}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === passkey.name) {
      setRenaming(false);
      return;
    }
    if (await onRename(passkey, trimmed)) setRenaming(false);
  }

  return (
    <li className="item">
      <div className="item__main">
        {renaming ? (
          <form onSubmit={onSubmit} className="inline-form">
            <div className="field">
              <label htmlFor={inputId}>Passkey name</label>
              <input
                id={inputId}
                required
                maxLength={64}
                autoFocus
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            </div>
            <div className="actions">
              <button type="submit" className="button button--primary" disabled={busy}>
                Save
              </button>
              <button type="button" className="button" onClick={() => setRenaming(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <p className="item__title">
            {passkey.name} {thisDevice && <span className="badge">This device</span>}
          </p>
        )}
        <p className="item__meta">
          {passkey.authenticatorName ?? 'Unknown authenticator'} · {passkey.backedUp ? 'Synced' : 'This device only'}
        </p>
        <p className="item__meta">
          Created {formatDate(passkey.createdAt)} · {passkeyLastUsed(passkey)}
        </p>
      </div>
      {!renaming && (
        <div className="item__actions">
          <button
            type="button"
            className="button"
            aria-label={`Rename ${passkey.name}`}
            onClick={() => {
              setName(passkey.name);
              setRenaming(true);
            }}
            disabled={busy}
          >
            Rename
          </button>
          <button
            type="button"
            className="button button--danger-quiet"
            aria-label={`Delete ${passkey.name}`}
            onClick={onDelete}
            disabled={busy}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
