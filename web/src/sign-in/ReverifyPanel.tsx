import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi, type AuthenticationResponseJSON, type User } from '../shared/api';
import { authenticate, promptCancelledMessage } from '../passkeys/passkeys';
import { onEscape, useFocusOnAppear } from '../shared/focus';
import { BusyButton } from '../shared/BusyButton';
import { Alert } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { PasswordField } from '../shared/Fields';

/**
 * "Confirm it's you" before a sensitive change (adding a passkey, changing the password) when the
 * session was not verified in the last few minutes: with one of the user's passkeys, or the password.
 */
export function ReverifyPanel({
  org,
  user,
  passkeysEnabled,
  passwordAllowed,
  purpose,
  onVerified,
  onCancel,
}: {
  org: string;
  user: User;
  passkeysEnabled: boolean;
  /** False where the organisation refuses this user's password (they have a passkey, password fallback off). */
  passwordAllowed: boolean;
  /**
   * Ends the sentence "For your security, confirm it's you {purpose}." in the page's language: "before adding a
   * passkey", « avant d'ajouter une clé d'accès », „bevor Sie einen Passkey hinzufügen", "antes de añadir…".
   */
  purpose: string;
  onVerified: () => void;
  onCancel: () => void;
}) {
  const api = orgApi(org);
  const { t } = useTranslation('account');
  // Keyboard and screen-reader users land on the panel that just appeared, not at the top of the page.
  const heading = useFocusOnAppear<HTMLHeadingElement>();
  // Whatever opened the panel (the button asking for the change) had the focus as it first drew: Cancel and Escape
  // give it back, not to the page's start.
  const opener = useRef(document.activeElement instanceof HTMLElement ? document.activeElement : null);
  const cancel = () => {
    onCancel();
    opener.current?.focus();
  };
  const fieldId = useId();
  const [password, setPassword] = useState('');
  const { run, busy, error, setError } = useAction();
  const withPasskey = passkeysEnabled && user.passkeyCount > 0;
  const withPassword = user.hasPassword && passwordAllowed;

  async function confirmWithPasskey() {
    await run(async () => {
      const { options } = await api.post('/me/reverify/passkey/options');
      let response: AuthenticationResponseJSON;
      try {
        response = await authenticate(options);
      } catch {
        setError(promptCancelledMessage(withPassword ? 'password' : 'none'));
        return;
      }
      await api.post('/me/reverify/passkey/verify', { response });
      onVerified();
    });
  }

  async function confirmWithPassword(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      await api.post('/me/reverify/password', { password });
      setPassword('');
      onVerified();
    });
  }

  return (
    <section className="panel" onKeyDown={onEscape(cancel, busy)}>
      <h3 ref={heading} tabIndex={-1}>
        {t('reverifyHeading')}
      </h3>
      <p>{t('reverifyIntro', { purpose })}</p>
      <Alert message={error} />
      {withPasskey && (
        <p>
          <BusyButton type="button" className="button button--primary" onClick={confirmWithPasskey} busy={busy}>
            {t('confirmWithPasskeyButton')}
          </BusyButton>
        </p>
      )}
      {withPassword && (
        <form onSubmit={confirmWithPassword} className="stack">
          <PasswordField
            id={`${fieldId}-password`}
            label={t('passwordLabel')}
            autoComplete="current-password"
            value={password}
            onValue={setPassword}
          />
          <div className="actions">
            <BusyButton type="submit" className={withPasskey ? 'button' : 'button button--primary'} busy={busy}>
              {t('confirmButton')}
            </BusyButton>
          </div>
        </form>
      )}
      {!withPasskey && !withPassword && <p>{t('signInAgainToChange')}</p>}
      <p>
        <BusyButton type="button" className="button button--link" onClick={cancel} busy={busy}>
          {t('cancelButton')}
        </BusyButton>
      </p>
    </section>
  );
}
