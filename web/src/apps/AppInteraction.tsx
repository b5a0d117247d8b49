import { useEffect, useState } from 'react';
import { errorMessage, orgApi } from '../api';
import { Alert, Loading } from '../components/Messages';
import { paths, useRouter } from '../router';
import { continueUrl, SCOPE_TEXT, type InteractionDetails } from './appsApi';

const ASKS: Record<string, string> = {
  'fresh-sign-in': 'asks you to sign in again.',
  passkey: 'asks you to sign in with a passkey. A password is not enough for it.',
};

/**
 * The sign-in page when an app sent the member here: names the app, shows what it asks for, asks to
 * allow an app that is not the organisation's own, and returns to the app when nothing more is needed.
 * `children` is the ordinary sign-in, shown while the member still has to sign in.
 */
export function AppInteraction({ org, uid, children }: { org: string; uid: string; children: React.ReactNode }) {
  const api = orgApi(org);
  const { navigate } = useRouter();
  const [details, setDetails] = useState<InteractionDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let active = true;
    api.get<InteractionDetails>(`/oidc/interaction/${encodeURIComponent(uid)}/details`).then(
      (found) => {
        if (!active) return;
        if (found.need === null) window.location.assign(continueUrl(org, uid));
        else if (found.need === 'passkey-setup')
          navigate(paths.createPasskey(org, paths.appContinue(org, uid)), { replace: true });
        else setDetails(found);
      },
      (err) => active && setError(errorMessage(err)),
    );
    return () => {
      active = false;
    };
    // The details are loaded once per interaction; `api` and `navigate` are remade every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [org, uid]);

  async function answer(path: string, body: unknown = {}) {
    setBusy(true);
    setError(null);
    try {
      const next = await api.post<{ location?: string }>(path, body);
      window.location.assign(next.location ?? continueUrl(org, uid));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }
  const cancel = () => answer(`/oidc/interaction/${encodeURIComponent(uid)}/cancel`);

  if (error) return <Alert message={error} />;
  if (!details) return <Loading />;
  if (details.need === 'consent') {
    return (
      <section aria-labelledby="consent-title">
        <h2 id="consent-title">Allow {details.app.name}?</h2>
        <p>{details.app.name} will receive:</p>
        <ul>
          {details.scopes.map((scope) => (
            <li key={scope}>{SCOPE_TEXT[scope] ?? scope}</li>
          ))}
        </ul>
        <p className="hint">You can remove its access at any time on your Home page, under Apps.</p>
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void answer(`/oidc/interaction/${encodeURIComponent(uid)}/consent`, { allow: true })}
          >
            Allow
          </button>
          <button type="button" className="button button--quiet" disabled={busy} onClick={() => void cancel()}>
            Cancel
          </button>
        </div>
      </section>
    );
  }
  return (
    <>
      <p className="app-request" role="note">
        <strong>{details.app.name}</strong> {ASKS[details.need ?? ''] ?? 'asks you to sign in.'}
      </p>
      {children}
      <p>
        <button type="button" className="button button--link" disabled={busy} onClick={() => void cancel()}>
          Back to {details.app.name} without signing in
        </button>
      </p>
    </>
  );
}
