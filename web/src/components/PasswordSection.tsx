import { useState } from 'react';
import type { User } from '../api';
import { MessageView, type Message, type Report } from './Messages';
import { NewPasswordForm } from './NewPasswordForm';

const SOURCE = 'password';

/**
 * "Password": set one, or change it. A password stays a backup for when a passkey cannot be used,
 * unless the organisation signs passkey holders in with their passkey only.
 */
export function PasswordSection({
  org,
  user,
  passkeysEnabled,
  passwordAllowed,
  message,
  report,
  describeError,
  onUser,
}: {
  org: string;
  user: User;
  passkeysEnabled: boolean;
  /** From /me: false when the organisation does not let this member sign in with a password. */
  passwordAllowed: boolean;
  message: Message | null;
  report: Report;
  describeError: (err: unknown) => string | null;
  onUser: (user: User) => void;
}) {
  const [open, setOpen] = useState(false);

  if (!passwordAllowed && user.passkeyCount > 0) {
    return (
      <section className="section">
        <h2>Password</h2>
        <p className="muted">Your organisation signs you in with your passkey only.</p>
      </section>
    );
  }

  return (
    <section className="section">
      <h2>Password</h2>
      <p className="muted">
        {user.hasPassword
          ? 'You have a password. It still works as a backup when you cannot use a passkey.'
          : 'You do not have a password. You can set one as a backup for when you cannot use a passkey.'}
      </p>
      <MessageView message={message} source={SOURCE} />
      {open ? (
        <NewPasswordForm
          org={org}
          user={user}
          passkeysEnabled={passkeysEnabled}
          source={SOURCE}
          report={report}
          describeError={describeError}
          onSaved={(updated) => {
            onUser(updated);
            setOpen(false);
          }}
          extraActions={
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          }
        />
      ) : (
        <p>
          <button
            type="button"
            className="button"
            onClick={() => {
              report(null);
              setOpen(true);
            }}
          >
            {user.hasPassword ? 'Change password' : 'Set a password'}
          </button>
        </p>
      )}
    </section>
  );
}
