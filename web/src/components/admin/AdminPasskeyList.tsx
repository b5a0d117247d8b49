import { useState } from 'react';
import type { Passkey } from '../../api';
import { formatDate, passkeyLastUsed } from '../../format';
import { ConfirmDialog } from '../ConfirmDialog';

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
  const [deleting, setDeleting] = useState<Passkey | null>(null);

  if (passkeys.length === 0) return <p className="empty">{name} has no passkeys yet.</p>;

  return (
    <>
      <ul className="items" aria-label={`Passkeys of ${name}`}>
        {passkeys.map((p) => (
          <li key={p.id} className="item">
            <div className="item__main">
              <p className="item__title">{p.name}</p>
              <p className="item__meta">
                {p.authenticatorName ?? 'Unknown authenticator'} · {p.backedUp ? 'Synced' : 'This device only'}
              </p>
              <p className="item__meta">
                Created {formatDate(p.createdAt)} · {passkeyLastUsed(p)}
              </p>
            </div>
            <div className="item__actions">
              <button
                type="button"
                className="button button--danger-quiet"
                aria-label={`Delete ${p.name}`}
                onClick={() => setDeleting(p)}
                disabled={busy}
              >
                Delete
              </button>
            </div>
          </li>
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
            {name} will no longer be able to sign in with this passkey. Their device may still offer it until they
            remove it there.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
