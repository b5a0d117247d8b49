import { useId, useState, type FormEvent } from 'react';
import { errorMessage, orgApi, type AuthenticationResponseJSON, type RequestOptionsResult, type User } from '../api';
import { authenticate, promptCancelledMessage } from '../passkeys';
import { Alert } from './Messages';

/**
 * "Confirm it's you" before a sensitive change (adding a passkey, changing the password) when the
 * session was not verified in the last few minutes: with one of the user's passkeys, or the password.
 */
export function ReverifyPanel({
  org,
  user,
  passkeysEnabled,
  purpose,
  onVerified,
  onCancel,
}: {
  org: string;
  user: User;
  passkeysEnabled: boolean;
  purpose: string;
  onVerified: () => void;
  onCancel: () => void;
}) {
  const api = orgApi(org);
  const fieldId = useId();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const withPasskey = passkeysEnabled && user.passkeyCount > 0;
  const withPassword = user.hasPassword;

  async function confirmWithPasskey() {
    setBusy(true);
    setError(null);
    try {
      const { options } = await api.post<RequestOptionsResult>('/me/reverify/passkey/options');
      let response: AuthenticationResponseJSON;
      try {
        response = await authenticate(options);
      } catch {
        setError(promptCancelledMessage(withPassword ? 'password' : 'none'));
        return;
      }
      await api.post('/me/reverify/passkey/verify', { response });
      onVerified();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function confirmWithPassword(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/me/reverify/password', { password });
      setPassword('');
      onVerified();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel">
      <h3>Confirm it's you</h3>
      <p>For your security, confirm it's you {purpose}.</p>
      <Alert message={error} />
      {withPasskey && (
        <p>
          <button type="button" className="button button--primary" onClick={confirmWithPasskey} disabled={busy}>
            Confirm with passkey
          </button>
        </p>
      )}
      {withPassword && (
        <form onSubmit={confirmWithPassword} className="stack">
          <div className="field">
            <label htmlFor={`${fieldId}-password`}>Password</label>
            <input
              id={`${fieldId}-password`}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <div className="actions">
            <button type="submit" className={withPasskey ? 'button' : 'button button--primary'} disabled={busy}>
              Confirm
            </button>
          </div>
        </form>
      )}
      {!withPasskey && !withPassword && <p>Sign out and sign in again to make this change.</p>}
      <p>
        <button type="button" className="button button--link" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </p>
    </section>
  );
}
