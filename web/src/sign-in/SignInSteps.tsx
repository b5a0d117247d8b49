import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BusyButton } from '../shared/BusyButton';
import { focusOnMount, useFocusOnAppear } from '../shared/focus';
import { AS_TYPED, PasswordField, TextField } from '../shared/Fields';

/** A step's form: sending it moves the sign-in on, unless it is already busy. */
function submitUnlessBusy(busy: boolean, action: () => void) {
  return (event: FormEvent) => {
    event.preventDefault();
    if (!busy) action();
  };
}

/** Step 1: "Username or email" (with passkeys offered in its autofill), or a passkey without typing anything. */
export function IdentifierStep({
  identifier,
  onIdentifierChange,
  onContinue,
  onPasskey,
  showPasskeyButton,
  busy,
}: {
  identifier: string;
  onIdentifierChange: (value: string) => void;
  onContinue: () => void;
  onPasskey: () => void;
  showPasskeyButton: boolean;
  busy: boolean;
}) {
  const { t } = useTranslation('sign-in');
  return (
    <>
      <form onSubmit={submitUnlessBusy(busy, onContinue)} className="stack">
        {/* "webauthn" last in autocomplete: the browser offers saved passkeys in this field's autofill. */}
        <TextField
          id="identifier"
          label={t('identifierLabel')}
          name="username"
          autoComplete="username webauthn"
          {...AS_TYPED}
          required
          inputRef={focusOnMount}
          value={identifier}
          onChange={(e) => onIdentifierChange(e.target.value)}
        />
        <BusyButton type="submit" className="button button--primary button--block" busy={busy}>
          {t('continueButton')}
        </BusyButton>
      </form>
      {showPasskeyButton && (
        <>
          <p className="divider">
            <span>{t('or')}</span>
          </p>
          <BusyButton type="button" className="button button--block" onClick={onPasskey} busy={busy}>
            {t('signInWithAPasskey')}
          </BusyButton>
        </>
      )}
    </>
  );
}

/** Who is signing in, with the way back to step 1. */
export function Identity({ identifier, onChange }: { identifier: string; onChange: () => void }) {
  const { t } = useTranslation('sign-in');
  return (
    <div className="identity">
      <span className="identity__name">{identifier}</span>
      <button type="button" className="button button--link" onClick={onChange}>
        {t('useDifferentAccount')}
      </button>
    </div>
  );
}

/**
 * Step 2 for an account with a passkey. After a cancelled prompt the main button reads "Try again".
 * "Sign in from another device" is for a device without the passkey (it is on the person's phone, say).
 */
export function PasskeyStep({
  failed,
  passwordOffered,
  sameForEveryone,
  onPasskey,
  onUsePassword,
  onAnotherDevice,
  busy,
}: {
  failed: boolean;
  passwordOffered: boolean;
  /** The organisation hides whether an account exists: nothing here may claim this account has a passkey. */
  sameForEveryone: boolean;
  onPasskey: () => void;
  onUsePassword: () => void;
  onAnotherDevice: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation('sign-in');
  // The step has no field: keyboard and screen-reader users continue from its first words.
  const start = useFocusOnAppear<HTMLParagraphElement>();
  const passwordWay = passwordOffered ? { label: t('usePassword'), onClick: onUsePassword } : undefined;
  return (
    <div className="stack">
      <p tabIndex={-1} ref={start}>
        {sameForEveryone ? t('passkeyIfYouHaveOne') : t('protectedByPasskey')}
      </p>
      <p className="muted">{t('unlockHint')}</p>
      <BusyButton type="button" className="button button--primary button--block" onClick={onPasskey} busy={busy}>
        {failed ? t('tryAgain') : t('signInWithPasskey')}
      </BusyButton>
      <OtherWays className="button button--block" other={passwordWay} onAnotherDevice={onAnotherDevice} busy={busy} />
    </div>
  );
}

/** Step 2 with a password. */
export function PasswordStep({
  identifier,
  password,
  onPasswordChange,
  onSubmit,
  onUsePasskey,
  onAnotherDevice,
  busy,
}: {
  identifier: string;
  password: string;
  onPasswordChange: (value: string) => void;
  onSubmit: () => void;
  /** Set when the account has a passkey too. */
  onUsePasskey?: () => void;
  onAnotherDevice: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation('sign-in');
  const passkeyWay = onUsePasskey ? { label: t('usePasskey'), onClick: onUsePasskey } : undefined;
  return (
    <>
      <form onSubmit={submitUnlessBusy(busy, onSubmit)} className="stack">
        <PasswordField
          account={identifier}
          id="password"
          label={t('passwordLabel')}
          name="password"
          autoComplete="current-password"
          inputRef={focusOnMount}
          value={password}
          onValue={onPasswordChange}
        />
        <BusyButton type="submit" className="button button--primary button--block" busy={busy}>
          {t('signInButton')}
        </BusyButton>
      </form>
      <div className="alt-actions">
        <OtherWays className="button button--link" other={passkeyWay} onAnotherDevice={onAnotherDevice} busy={busy} />
      </div>
    </>
  );
}

/** Step 2's other ways in: the account's other proof, where it has one, and "Sign in from another device". */
function OtherWays({
  className,
  other,
  onAnotherDevice,
  busy,
}: {
  className: string;
  other?: { label: string; onClick: () => void };
  onAnotherDevice: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation('sign-in');
  return (
    <>
      {other && (
        <button type="button" className={className} onClick={other.onClick}>
          {other.label}
        </button>
      )}
      <BusyButton type="button" className={className} onClick={onAnotherDevice} busy={busy}>
        {t('signInFromAnotherDevice')}
      </BusyButton>
    </>
  );
}
