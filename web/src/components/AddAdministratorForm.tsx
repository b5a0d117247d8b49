import { useId, useState, type FormEvent } from 'react';
import { isApiError, platformApi, type Organisation } from '../api';
import { Alert, Status } from './Messages';
import { SetupLinkHandover, emailedText, type NewAdmin } from './SetupLinkHandover';

/** "Add administrator" for one organisation: username and email; the setup link is shown once (or emailed, with SMTP). */
export function AddAdministratorForm({
  org,
  onAdded,
  onClose,
  describeError,
}: {
  org: Organisation;
  onAdded: () => void;
  onClose: () => void;
  describeError: (err: unknown) => string | null;
}) {
  const id = useId();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [added, setAdded] = useState<NewAdmin | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { username: username.trim(), ...(email.trim() ? { email: email.trim() } : {}) };
      setAdded(await platformApi.post<NewAdmin>(`/orgs/${encodeURIComponent(org.slug)}/admins`, body));
      onAdded();
    } catch (err) {
      setError(
        isApiError(err, 'VALIDATION_FAILED')
          ? 'Check the username (lowercase letters, digits, dots, dashes and underscores, up to 64) and the email address.'
          : describeError(err),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add administrator to {org.name}</h2>
      {added?.setupLink ? (
        <SetupLinkHandover
          handover={{ orgName: org.name, username: added.username, ...added.setupLink }}
          onDone={onClose}
        />
      ) : added ? (
        <div className="stack">
          <Status message={emailedText(added)} />
          <p className="actions">
            <button type="button" className="button" onClick={onClose}>
              Done
            </button>
          </p>
        </div>
      ) : (
        <form onSubmit={onSubmit} className="stack">
          <Alert message={error} />
          <div className="field">
            <label htmlFor={`${id}-username`}>Admin's username</label>
            <input
              id={`${id}-username`}
              required
              maxLength={64}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-email`}>Admin's email</label>
            <input
              id={`${id}-email`}
              type="email"
              maxLength={320}
              autoComplete="off"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              Add administrator
            </button>
            <button type="button" className="button" onClick={onClose} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
