import { useId, useState, type FormEvent } from 'react';
import { orgApi } from '../api';
import { CheckboxField } from '../components/Fields';
import { Alert } from '../components/Messages';
import type { App } from './appsApi';

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** "Add app": name, kind (public or confidential), its addresses, and whether it is the organisation's own. */
export function AddAppForm({
  org,
  describeError,
  onAdded,
  onCancel,
}: {
  org: string;
  describeError: (err: unknown) => string | null;
  onAdded: (app: App, clientSecret: string | null) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'confidential' | 'public'>('confidential');
  const [redirectUris, setRedirectUris] = useState('');
  const [logoutUris, setLogoutUris] = useState('');
  const [backchannel, setBackchannel] = useState('');
  const [firstParty, setFirstParty] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await orgApi(org).post<{ app: App; clientSecret: string | null }>('/admin/apps', {
        name,
        public: kind === 'public',
        redirectUris: lines(redirectUris),
        postLogoutRedirectUris: lines(logoutUris),
        backchannelLogoutUri: backchannel.trim() || null,
        firstParty,
      });
      onAdded(created.app, created.clientSecret);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Add app</h2>
      <Alert message={error} />
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </div>
      <fieldset className="field">
        <legend>Kind</legend>
        <label>
          <input
            type="radio"
            name={`${id}-kind`}
            checked={kind === 'confidential'}
            onChange={() => setKind('confidential')}
          />{' '}
          Server app (keeps a client secret)
        </label>
        <label>
          <input type="radio" name={`${id}-kind`} checked={kind === 'public'} onChange={() => setKind('public')} />{' '}
          Browser or mobile app (no secret, PKCE)
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-redirect`}>Redirect URIs</label>
        <textarea
          id={`${id}-redirect`}
          aria-describedby={`${id}-redirect-help`}
          value={redirectUris}
          onChange={(e) => setRedirectUris(e.target.value)}
          required
          rows={3}
        />
        <p id={`${id}-redirect-help`} className="field__hint">
          One per line: https://, http://127.0.0.1:PORT for a local or native app, or a mobile app's own scheme.
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-logout`}>Sign-out redirect URIs (optional)</label>
        <textarea id={`${id}-logout`} value={logoutUris} onChange={(e) => setLogoutUris(e.target.value)} rows={2} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-backchannel`}>Back-channel logout URI (optional)</label>
        <input id={`${id}-backchannel`} value={backchannel} onChange={(e) => setBackchannel(e.target.value)} />
      </div>
      <CheckboxField
        label="The organisation's own app"
        help="Members are not asked to allow it."
        checked={firstParty}
        onChange={setFirstParty}
      />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          Add app
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
