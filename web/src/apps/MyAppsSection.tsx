import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, orgApi } from '../shared/api';
import { BusyButton } from '../shared/BusyButton';
import { Alert, Loading, Status } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { formatDate } from '../shared/format';
import { useAuthErrorHandler } from '../shared/hooks';
import type { AppAccess } from './appsApi';
import { useScopeText } from './scopeText';

/** Settings › Apps: the apps the member signed in to, and taking their access away. */
export function MyAppsSection({ org }: { org: string }) {
  const handleError = useAuthErrorHandler(org);
  const { t } = useTranslation('my-apps');
  const scopeText = useScopeText();
  // After a removal the button is gone: focus goes to the section's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const [apps, setApps] = useState<AppAccess[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const { run, busy, error, setError } = useAction();

  const load = useCallback(async () => {
    try {
      setApps((await orgApi(org).get('/me/apps')).apps);
    } catch (err) {
      setError(handleError(err));
    }
  }, [org, handleError, setError]);
  useEffect(() => void load(), [load]);

  async function remove(app: AppAccess) {
    await run(
      async () => {
        // Already removed (in another tab, or the admin deleted the app): its access is gone all the same.
        await orgApi(org)
          .del('/me/apps/:clientId', { params: { clientId: app.clientId } })
          .catch((err: unknown) => {
            if (!isApiError(err, 'APP_NOT_FOUND')) throw err;
          });
        setStatus(t('removedStatus', { app: app.name }));
        await load();
        heading.current?.focus();
      },
      { describe: handleError },
    );
  }

  return (
    <section aria-labelledby="apps-title">
      <h2 id="apps-title" ref={heading} tabIndex={-1}>
        {t('heading')}
      </h2>
      <Alert message={error} />
      <Status message={status} />
      {!apps ? (
        !error && <Loading />
      ) : apps.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <ul className="items" aria-label={t('heading')}>
          {apps.map((app) => (
            <li key={app.clientId} className="item">
              <strong>{app.name}</strong>
              {app.disabled && <span className="badge badge--muted">{t('disabledBadge')}</span>}
              {app.disabled && <p className="muted">{t('disabledNote')}</p>}
              {app.scopes.length > 0 && (
                <p className="muted">
                  {t('allowedScopes', { date: formatDate(app.since), scopes: app.scopes.map(scopeText).join('; ') })}
                </p>
              )}
              <BusyButton
                type="button"
                className="button"
                busy={busy}
                aria-label={t('removeAccessLabel', { app: app.name })}
                onClick={() => void remove(app)}
              >
                {t('removeAccessButton')}
              </BusyButton>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
