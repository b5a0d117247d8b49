import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReturnFocus } from '../shared/focus';
import { MessageView } from '../shared/Messages';
import type { AccountSectionProps } from './ProfileSection';
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
}: AccountSectionProps & {
  passkeysEnabled: boolean;
  /** From /me: false when the organisation does not let this member sign in with a password. */
  passwordAllowed: boolean;
}) {
  const { t } = useTranslation('account');
  const [open, setOpen] = useState(false);
  // When the form closes (saved or cancelled), focus goes back to the button that opened it.
  const { opener, returnOnClose } = useReturnFocus(open);
  function close() {
    returnOnClose();
    setOpen(false);
  }

  if (!passwordAllowed && user.passkeyCount > 0) {
    return (
      <section className="section">
        <h2>{t('passwordHeading')}</h2>
        <p className="muted">{t('passkeyOnly')}</p>
      </section>
    );
  }

  return (
    <section className="section">
      <h2>{t('passwordHeading')}</h2>
      {/* "A backup" only beside a passkey: where none is offered or made yet, the password is how they sign in. */}
      <p className="muted">
        {passkeysEnabled && user.passkeyCount > 0
          ? t(user.hasPassword ? 'hasPassword' : 'noPassword')
          : t(user.hasPassword ? 'hasPasswordOnly' : 'noPasswordOnly')}
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
            close();
          }}
          extraActions={
            <button type="button" className="button" onClick={close}>
              {t('cancelButton')}
            </button>
          }
        />
      ) : (
        <p>
          <button
            ref={opener}
            type="button"
            className="button"
            onClick={() => {
              report(null);
              setOpen(true);
            }}
          >
            {user.hasPassword ? t('changePasswordButton') : t('setPasswordButton')}
          </button>
        </p>
      )}
    </section>
  );
}
