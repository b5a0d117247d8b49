import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { errorMessage, isRouteError, orgApi, type Reply } from '../shared/api';
import { BusyButton } from '../shared/BusyButton';
import { Alert, Loading } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { paths, useRouter } from '../shared/router';
import { continueUrl, type InteractionDetails, type InteractionNeed } from './appsApi';
import { useScopeText } from './scopeText';
import { useFocusOnAppear } from '../shared/focus';

// The page's question and its main answer, by what the request needs.
const QUESTION = { consent: 'allowApp', confirm: 'continueToApp', 'select-account': 'chooseAccount' } as const;
const ANSWER = { consent: 'allowButton', confirm: 'continueButton' } as const;
const isQuestion = (need: InteractionNeed | null | undefined): need is keyof typeof QUESTION =>
  need != null && need in QUESTION;

/**
 * The sign-in page when an app sent the member here: names the app, shows what it asks for, asks to
 * allow an app that is not the organisation's own, and returns to the app when nothing more is needed.
 * `children` is the ordinary sign-in, shown while the member still has to sign in, given who the app expects.
 */
export function AppInteraction({
  org,
  uid,
  children,
}: {
  org: string;
  uid: string;
  children: (loginHint: string | null) => React.ReactNode;
}) {
  const api = orgApi(org);
  const { t } = useTranslation('my-apps');
  const scopeText = useScopeText();
  const { navigate } = useRouter();
  const [details, setDetails] = useState<InteractionDetails | null>(null);
  // Another member signed in (another tab) before the answer: the page shows who is signed in now, and says why.
  const [accountChanged, setAccountChanged] = useState<string | null>(null);
  const { run, busy, error, setError } = useAction();
  // The consent question replaces "Loading": the keyboard and screen readers start at it.
  const asking = isQuestion(details?.need);
  const consentHeading = useFocusOnAppear<HTMLHeadingElement>(asking);

  /**
   * What the request needs now; `isActive` false once the page has moved on. After another member signed in here
   * (`accountChanged`), nothing goes on to the app by itself: the page asks to continue as the account signed in now.
   */
  const loadDetails = (isActive = () => true, accountChanged = false) =>
    api.get('/oidc/interaction/:uid/details', { params: { uid } }).then(
      (found) => {
        if (!isActive()) return;
        if (found.need === null && accountChanged && found.account) setDetails({ ...found, need: 'select-account' });
        else if (found.need === null) window.location.assign(continueUrl(org, uid));
        else if (found.need === 'passkey-setup')
          navigate(paths.createPasskey(org, paths.appContinue(org, uid)), { replace: true });
        else setDetails(found);
      },
      (err) => isActive() && setError(errorMessage(err)),
    );

  useEffect(() => {
    let active = true;
    void loadDetails(() => active);
    return () => {
      active = false;
    };
    // The details are loaded once per interaction; `api` and `navigate` are remade every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [org, uid]);

  /** Sends the member's answer (every answer's reply names where the browser goes next). */
  async function answer(send: () => Promise<Reply<'POST /api/o/:org/oidc/interaction/:uid/cancel'>>) {
    // Busy until the browser has left for the app.
    await run(
      async () => {
        const next = await send();
        window.location.assign(next.location ?? continueUrl(org, uid));
      },
      {
        keepBusy: true,
        onError: async (err) => {
          if (!isRouteError(err, 'POST /api/o/:org/oidc/interaction/:uid/consent', 'INTERACTION_ACCOUNT_CHANGED'))
            return setError(errorMessage(err));
          setAccountChanged(errorMessage(err));
          await loadDetails(() => true, true);
        },
      },
    );
  }
  const cancel = () => answer(() => api.post('/oidc/interaction/:uid/cancel', { params: { uid } }));
  // The consent screen's answer: its Cancel tells the app the member did not allow it (not that they did not sign in).
  const consent = (allow: boolean) =>
    answer(() =>
      api.post(
        '/oidc/interaction/:uid/consent',
        { allow, ...(details?.accountRef ? { account: details.accountRef } : {}) },
        { params: { uid } },
      ),
    );
  // Not their account (a shared computer): signed out, this page asks them to sign in for the same app.
  const switchAccount = () =>
    run(
      async () => {
        await api.post('/sign-out');
        window.location.reload();
      },
      { keepBusy: true },
    );

  if (error) return <Alert message={error} />;
  if (!details) return <Loading />;
  // Allow a third-party app; for an app on this device, say it was the member who opened it (RFC 8252 §8.6); or,
  // where the app asked which account (prompt=select_account), continue as this one or sign in as another.
  if (isQuestion(details.need)) {
    const { need, account } = details;
    const app = details.app.name;
    const choosing = need === 'select-account';
    const switchButton = (className: string) => (
      <BusyButton type="button" className={className} busy={busy} onClick={() => void switchAccount()}>
        {t('useAnotherAccount')}
      </BusyButton>
    );
    return (
      <section aria-labelledby="consent-title">
        <Alert message={accountChanged} />
        <h2 id="consent-title" tabIndex={-1} ref={consentHeading}>
          {t(QUESTION[need], { app })}
        </h2>
        {choosing && <p>{t('chooseAccountHint', { app })}</p>}
        {account && (
          <p>
            <Trans
              t={t}
              i18nKey="signedInAs"
              values={{ name: account.displayName, username: account.username }}
              components={{ strong: <strong /> }}
            />
            {!choosing && <> {switchButton('button button--link')}</>}
          </p>
        )}
        {need === 'confirm' && <p>{t('deviceAppHint', { app })}</p>}
        {need === 'consent' && (
          <>
            <p>{t('willReceive', { app })}</p>
            <ul>
              {details.scopes.map((scope) => (
                <li key={scope}>{scopeText(scope)}</li>
              ))}
            </ul>
            <p className="hint">{t('removeLaterHint')}</p>
          </>
        )}
        <div className="actions">
          <BusyButton type="button" className="button button--primary" busy={busy} onClick={() => void consent(true)}>
            {choosing ? t('continueAsButton', { name: account?.displayName }) : t(ANSWER[need])}
          </BusyButton>
          {choosing && switchButton('button')}
          <BusyButton type="button" className="button button--quiet" busy={busy} onClick={() => void consent(false)}>
            {t('cancelButton')}
          </BusyButton>
        </div>
      </section>
    );
  }
  return (
    <>
      <p className="app-request" role="note">
        <Trans
          t={t}
          i18nKey={
            details.need === 'fresh-sign-in'
              ? 'asksFreshSignIn'
              : details.need === 'passkey'
                ? 'asksPasskey'
                : 'asksSignIn'
          }
          values={{ app: details.app.name }}
          components={{ strong: <strong /> }}
        />
      </p>
      {children(details.loginHint)}
      <p>
        <BusyButton type="button" className="button button--link" busy={busy} onClick={() => void cancel()}>
          {t('backWithoutSigningIn', { app: details.app.name })}
        </BusyButton>
      </p>
    </>
  );
}
