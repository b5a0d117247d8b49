import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, isRouteError, orgApi, type OrgInfo, type SetupResult, type User } from '../shared/api';
import { BusyButton } from '../shared/BusyButton';
import { useFocusOnAppear } from '../shared/focus';
import { Alert, MessageView, type Message, type Reporting } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { CreatePasskeyStep, SetupCard, SetupPasswordStep } from './SetupSteps';
import { Link, landingFor } from '../shared/router';
import { stepLeft, useResumedSetup } from './useResumedSetup';

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
  const [token, setToken] = useState(tokenFromFragment);
  // A link pasted into this tab changes only the fragment (no new page load): it starts a setup of its own, with
  // nothing of the one before (another member's passkey, a used link's error).
  useEffect(() => {
    const onHashChange = () => {
      const pasted = tokenFromFragment();
      if (pasted !== null) setToken(pasted);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return (
    <SetupCard org={org} title={t('title')}>
      {(info) => <SetupFlow key={token ?? ''} org={org} info={info} token={token} />}
    </SetupCard>
  );
}

type Step = 'start' | 'passkey' | 'password' | 'done';

/**
 * After the link is redeemed: "Create a passkey" first where passkeys are offered, then "Choose a
 * password" where the organisation allows one. Without a passkey (not offered, or "Do this later"),
 * the password is required: nobody leaves setup with no way to sign in.
 */
function SetupFlow({ org, info, token }: { org: string; info: OrgInfo; token: string | null }) {
  const { t } = useTranslation('setup');
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

  // Reloaded after "Get started" (the link is used, the member signed in by it): the setup goes on where it was,
  // rather than asking for a link that no longer works. A member not yet set up must not leave without a way in.
  const { resuming, resumed } = useResumedSetup(org, 'setup-link', token === null);
  useEffect(() => {
    if (!resumed) return;
    setSetup(resumed);
    setUser(resumed.user);
    setStep(stepLeft(resumed) ?? 'done');
  }, [resumed]);

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
    // Until known, or until the resumed setup has taken its step.
    if (resuming || resumed) return null;
    if (!token) {
      return <Alert message={t('linkIncomplete')} />;
    }
    return (
      <div className="stack">
        {/* Whether passkeys are offered to this member is known once the link is redeemed: the next step says. */}
        <p>{t('welcome', { org: info.name })}</p>
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
  const flow = { org, setup, user, reporting };

  if (step === 'passkey') {
    const canSkip = !setup.passkeyRequired;
    return (
      <CreatePasskeyStep
        flow={flow}
        naming={naming}
        headingRef={stepHeading}
        intro={setup.passkeyRequired && <p>{t('passkeyRequired')}</p>}
        cannotCreate={canSkip ? t('browserCannotCreatePasskeys') : t('browserCannotCreateRequiredPasskey')}
        before={message?.source !== 'add-passkey' && messageView}
        onCreated={() => setNaming(true)}
        onAdded={() => {
          setPasskeyAdded(true);
          setUser({ ...user, passkeyCount: user.passkeyCount + 1 });
          setStep(setup.passwordAllowed && !user.hasPassword ? 'password' : 'done');
        }}
      >
        {canSkip && !naming && (
          <button type="button" className="button button--link" onClick={skipPasskey}>
            {t('doThisLaterButton')}
          </button>
        )}
      </CreatePasskeyStep>
    );
  }

  if (step === 'password') {
    return (
      <SetupPasswordStep
        flow={flow}
        required={passwordRequired}
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
