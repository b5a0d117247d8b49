import { useCallback, useEffect, useState } from 'react';
import { orgApi } from '../api';
import { Alert, Loading, Status } from '../components/Messages';
import { formatDate } from '../format';
import { useAuthErrorHandler } from '../hooks';
import { SCOPE_TEXT, type AppAccess } from './appsApi';

/** Settings › Apps: the apps the member signed in to, and taking their access away. */
export function MyAppsSection({ org }: { org: string }) {
  const handleError = useAuthErrorHandler(org);
  const [apps, setApps] = useState<AppAccess[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setApps((await orgApi(org).get<{ apps: AppAccess[] }>('/me/apps')).apps);
    } catch (err) {
      setError(handleError(err));
    }
  }, [org, handleError]);
  useEffect(() => void load(), [load]);

  async function remove(app: AppAccess) {
    setBusy(true);
    setError(null);
    try {
      await orgApi(org).del(`/me/apps/${encodeURIComponent(app.clientId)}`);
      setStatus(`Removed ${app.name}'s access. It will ask you again next time.`);
      await load();
    } catch (err) {
      setError(handleError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="apps-title">
      <h2 id="apps-title">Apps</h2>
      <Alert message={error} />
      <Status message={status} />
      {!apps ? (
        !error && <Loading />
      ) : apps.length === 0 ? (
        <p className="muted">You have not signed in to any app with this account.</p>
      ) : (
        <ul className="items" aria-label="Apps">
          {apps.map((app) => (
            <li key={app.clientId} className="item">
              <strong>{app.name}</strong>
              {app.scopes.length > 0 && (
                <p className="muted">
                  Allowed {formatDate(app.since)}: {app.scopes.map((s) => SCOPE_TEXT[s] ?? s).join('; ')}
                </p>
              )}
              <button
                type="button"
                className="button"
                disabled={busy}
                aria-label={`Remove ${app.name}'s access`}
                onClick={() => void remove(app)}
              >
                Remove access
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
