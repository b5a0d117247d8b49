import type { FormEvent } from 'react';

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
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    onContinue();
  }
  return (
    <>
      <form onSubmit={onSubmit} className="stack">
        <div className="field">
          <label htmlFor="identifier">Username or email</label>
          {/* "webauthn" last in autocomplete: the browser offers saved passkeys in this field's autofill. */}
          <input
            id="identifier"
            name="username"
            autoComplete="username webauthn"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            value={identifier}
            onChange={(e) => onIdentifierChange(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          Continue
        </button>
      </form>
      {showPasskeyButton && (
        <>
          <p className="divider">
            <span>or</span>
          </p>
          <button type="button" className="button button--block" onClick={onPasskey} disabled={busy}>
            Sign in with a passkey
          </button>
        </>
      )}
    </>
  );
}

/** Who is signing in, with the way back to step 1. */
export function Identity({ identifier, onChange }: { identifier: string; onChange: () => void }) {
  return (
    <div className="identity">
      <span className="identity__name">{identifier}</span>
      <button type="button" className="button button--link" onClick={onChange}>
        Use a different account
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
  onPasskey,
  onUsePassword,
  onAnotherDevice,
  busy,
}: {
  failed: boolean;
  passwordOffered: boolean;
  onPasskey: () => void;
  onUsePassword: () => void;
  onAnotherDevice: () => void;
  busy: boolean;
}) {
  return (
    <div className="stack">
      <p>Your account is protected by a passkey.</p>
      <p className="muted">
        Use your device unlock method, such as Face ID, fingerprint, Windows Hello, passcode, or PIN.
      </p>
      <button type="button" className="button button--primary button--block" onClick={onPasskey} disabled={busy}>
        {failed ? 'Try again' : 'Sign in with passkey'}
      </button>
      {passwordOffered && (
        <button type="button" className="button button--block" onClick={onUsePassword}>
          Use password
        </button>
      )}
      <button type="button" className="button button--block" onClick={onAnotherDevice} disabled={busy}>
        Sign in from another device
      </button>
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
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }
  return (
    <>
      <form onSubmit={submit} className="stack">
        {/* Lets password managers save and fill the password for the right account. */}
        <input type="text" name="username" autoComplete="username" value={identifier} readOnly hidden />
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
            value={password}
            onChange={(e) => onPasswordChange(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          Sign in
        </button>
      </form>
      <div className="alt-actions">
        {onUsePasskey && (
          <button type="button" className="button button--link" onClick={onUsePasskey}>
            Use passkey
          </button>
        )}
        <button type="button" className="button button--link" onClick={onAnotherDevice} disabled={busy}>
          Sign in from another device
        </button>
      </div>
    </>
  );
}
