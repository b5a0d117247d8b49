import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, isRouteError, orgApi, type OrgInfo, type SetupResult, type User } from '../shared/api';
import { AddPasskey } from '../passkeys/AddPasskey';
import { BusyButton } from '../shared/BusyButton';
import { useFocusOnAppear } from '../shared/focus';
import { CardPage } from '../shared/Layout';
import { Alert, Loading, MessageView, type Message, type Reporting } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { ChoosePasswordStep } from '../account/ChoosePasswordStep';
import { useOrgInfo, useTitle } from '../shared/hooks';
import { supportsPasskeys } from '../passkeys/passkeys';
import { Link, landingFor } from '../shared/router';

/** The one-time token travels in the URL fragment (`#token=…`), which browsers never send to a server. */
function tokenFromFragment(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get('token');
}

/**
 * `/o/:org/setup#token=…`: first-time setup from a one-time link: a passkey (where offered), then a password (where
 * allowed).
 */
export function SetupPage({ org }: { org: string }) {
  const { t } = useTranslation('setup');
  useTitle(t('title'));
  const { info, error } = useOrgInfo(org);
  return (
    <CardPage>
      <h1>{t('title')}</h1>
      <Alert message={error} />
      {info ? <SetupFlow org={org} info={info} /> : !error && <Loading />}
    </CardPage>
  );
}

type Step = 'start' | 'passkey' | 'password' | 'done';

/**
 * After the link is redeemed: "Create a passkey" first where passkeys are offered, then "Choose a
 * password" where the organisation allows one. Without a passkey (not offered, or "Do this later"),
 * the password is required: nobody leaves setup with no way to sign in.
 */
function SetupFlow({ org, info }: { org: string; info: OrgInfo }) {
  const { t } = useTranslation('setup');
  const [token] = useState(tokenFromFragment);
  const [step, setStep] = useState<Step>('start');
  const [setup, setSetup] = useState<SetupResult | null>(null);
  const [user, setUser] = useState<User | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const { run, busy } = useAction();
  const [linkInvalid, setLinkInvalid] = useState(false);
  const [passkeyAdded, setPasskeyAdded] = useState(false);
  // The passkey exists and "Name this passkey" shows: the creation texts and "Do this later" no longer apply.
  const [naming, setNaming] = useState(false);
  const describeError = (err: unknown) => errorMessage(err);
  const reporting: Reporting = { message, report: setMessage, describeError };
  // Each new step starts at its heading (the password step at its field instead).
  const stepHeading = useFocusOnAppear<HTMLHeadingElement>(step);

  async function getStarted() {
    if (!token) return;
    await run(
      async () => {
        setMessage(null);
        const result = await orgApi(org).post('/setup', { token });
        // The link works once: drop it from the address bar and history.
        window.history.replaceState(null, '', window.location.pathname + window.location.search);
        setSetup(result);
        setUser(result.user);
        setStep(result.passkeysOffered ? 'passkey' : 'password');
      },
      {
        onError: (err) => {
          if (isRouteError(err, 'POST /api/o/:org/setup', 'SETUP_LINK_INVALID')) {
            setLinkInvalid(true);
            window.history.replaceState(null, '', window.location.pathname + window.location.search);
          }
          setMessage({ kind: 'error', text: errorMessage(err), source: 'setup' });
        },
      },
    );
  }

  function skipPasskey() {
    setMessage(null);
    // "Do this later" here counts as it does after sign-in: no prompt again right away. Best effort.
    orgApi(org)
      .post('/me/passkey-prompt/snooze')
      .catch(() => undefined);
    setStep('password');
  }

  const messageView = <MessageView message={message} source={message?.source ?? ''} />;

  if (step === 'start') {
    if (!token) {
      return <Alert message={t('linkIncomplete')} />;
    }
    return (
      <div className="stack">
        <p>{info.passkeysEnabled ? t('welcomePasskeys', { org: info.name }) : t('welcome', { org: info.name })}</p>
        {messageView}
        {!linkInvalid && (
          <BusyButton type="button" className="button button--primary button--block" onClick={getStarted} busy={busy}>
            {t('getStartedButton')}
          </BusyButton>
        )}
      </div>
    );
  }

  if (!user || !setup) return null;
  // The password is optional only as a backup to a passkey the user now has.
  const hasPasskey = passkeyAdded || user.passkeyCount > 0;
  const passwordRequired = !hasPasskey && !user.hasPassword;

  if (step === 'passkey') {
    const canSkip = !setup.passkeyRequired;
    return (
      <section className="stack">
        {!naming && (
          <>
            <h2 ref={stepHeading} tabIndex={-1}>
              {t('createPasskeyHeading')}
            </h2>
            {setup.passkeyRequired && <p>{t('passkeyRequired')}</p>}
            <p>{t('passkeyExplained')}</p>
            {!supportsPasskeys() && (
              <p className="hint">
                {canSkip ? t('browserCannotCreatePasskeys') : t('browserCannotCreateRequiredPasskey')}
              </p>
            )}
          </>
        )}
        {message?.source !== 'add-passkey' && messageView}
        <AddPasskey
          org={org}
          user={user}
          passkeysEnabled={setup.passkeysOffered}
          label={t('createPasskeyHeading')}
          {...reporting}
          onCreated={() => setNaming(true)}
          onAdded={() => {
            setPasskeyAdded(true);
            setUser({ ...user, passkeyCount: user.passkeyCount + 1 });
            setStep(setup.passwordAllowed && !user.hasPassword ? 'password' : 'done');
          }}
        />
        {canSkip && !naming && (
          <button type="button" className="button button--link" onClick={skipPasskey}>
            {t('doThisLaterButton')}
          </button>
        )}
      </section>
    );
  }

  if (step === 'password') {
    return (
      <ChoosePasswordStep
        org={org}
        user={user}
        passkeysEnabled={setup.passkeysOffered}
        required={passwordRequired}
        {...reporting}
        onDone={(updated) => {
          setUser(updated);
          setStep('done');
        }}
      />
    );
  }

  return (
    <section className="stack">
      <h2 ref={stepHeading} tabIndex={-1}>
        {t('doneHeading')}
      </h2>
      {messageView}
      <p>
        {hasPasskey
          ? t('nextTimePasskey')
          : user.hasPassword
            ? setup.passkeysOffered
              ? t('nextTimePasswordAddPasskey')
              : t('nextTimePassword')
            : t('manageInSettings')}
      </p>
      <Link to={landingFor(org, user.role)} className="button button--primary button--block">
        {t('continueButton')}
      </Link>
    </section>
  );
}
