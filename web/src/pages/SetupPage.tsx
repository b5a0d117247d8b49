import { useState } from 'react';
import { errorMessage, isApiError, orgApi, type OrgInfo, type SetupResult, type User } from '../api';
import { AddPasskey } from '../components/AddPasskey';
import { CardPage } from '../components/Layout';
import { Alert, Loading, MessageView, type Message } from '../components/Messages';
import { ChoosePasswordStep } from '../components/ChoosePasswordStep';
import { useOrgInfo, useTitle } from '../hooks';
import { supportsPasskeys } from '../passkeys';
import { Link, landingFor } from '../router';

/** The one-time token travels in the URL fragment (`#token=…`), which browsers never send to a server. */
function tokenFromFragment(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get('token');
}

/** `/o/:org/setup#token=…`: first-time setup from a one-time link: a passkey (where offered), then a password (where allowed). */
export function SetupPage({ org }: { org: string }) {
  useTitle('Set up your account');
  const { info, error } = useOrgInfo(org);
  return (
    <CardPage>
      <h1>Set up your account</h1>
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
  const [token] = useState(tokenFromFragment);
  const [step, setStep] = useState<Step>('start');
  const [setup, setSetup] = useState<SetupResult | null>(null);
  const [user, setUser] = useState<User | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const [linkInvalid, setLinkInvalid] = useState(false);
  const [passkeyAdded, setPasskeyAdded] = useState(false);
  // The passkey exists and "Name this passkey" shows: the creation texts and "Do this later" no longer apply.
  const [naming, setNaming] = useState(false);
  const describeError = (err: unknown) => errorMessage(err);

  async function getStarted() {
    if (!token) return;
    setBusy(true);
    setMessage(null);
    try {
      const result = await orgApi(org).post<SetupResult>('/setup', { token });
      // The link works once: drop it from the address bar and history.
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      setSetup(result);
      setUser(result.user);
      setStep(result.passkeysOffered ? 'passkey' : 'password');
    } catch (err) {
      if (isApiError(err, 'SETUP_LINK_INVALID')) {
        setLinkInvalid(true);
        window.history.replaceState(null, '', window.location.pathname + window.location.search);
      }
      setMessage({ kind: 'error', text: errorMessage(err), source: 'setup' });
    } finally {
      setBusy(false);
    }
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
      return (
        <Alert message="This setup link is not complete. Open the link from your email again, or ask your administrator for a new one." />
      );
    }
    return (
      <div className="stack">
        <p>
          Welcome to {info.name}. In a moment you will choose how to sign in
          {info.passkeysEnabled
            ? ': with a passkey, your device unlock method such as Face ID, fingerprint, Windows Hello, passcode, or PIN.'
            : '.'}
        </p>
        {messageView}
        {!linkInvalid && (
          <button type="button" className="button button--primary button--block" onClick={getStarted} disabled={busy}>
            Get started
          </button>
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
            <h2>Create a passkey</h2>
            {setup.passkeyRequired && <p>Your organisation requires a passkey.</p>}
            <p>
              Sign in with your device unlock method, such as Face ID, fingerprint, Windows Hello, passcode, or PIN.
              Your fingerprint, face scan and PIN stay on your device: only a public key is stored here.
            </p>
            {!supportsPasskeys() && (
              <p className="hint">
                {canSkip
                  ? 'This browser cannot create passkeys. Choose a password now, and add a passkey later from a browser or device that can.'
                  : 'This browser cannot create passkeys, and your organisation requires one. Ask your administrator for a new setup link and open it on a device that can create passkeys.'}
              </p>
            )}
          </>
        )}
        {message?.source !== 'add-passkey' && messageView}
        <AddPasskey
          org={org}
          user={user}
          passkeysEnabled={setup.passkeysOffered}
          label="Create a passkey"
          message={message}
          report={setMessage}
          describeError={describeError}
          onCreated={() => setNaming(true)}
          onAdded={() => {
            setPasskeyAdded(true);
            setUser({ ...user, passkeyCount: user.passkeyCount + 1 });
            setStep(setup.passwordAllowed && !user.hasPassword ? 'password' : 'done');
          }}
        />
        {canSkip && !naming && (
          <button type="button" className="button button--link" onClick={skipPasskey}>
            Do this later
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
        message={message}
        report={setMessage}
        describeError={describeError}
        onDone={(updated) => {
          setUser(updated);
          setStep('done');
        }}
      />
    );
  }

  return (
    <section className="stack">
      <h2>You're all set</h2>
      {messageView}
      <p>
        {hasPasskey
          ? 'Next time, sign in with your passkey.'
          : user.hasPassword
            ? `Next time, sign in with your username and password.${setup.passkeysOffered ? ' You can add a passkey at any time in Settings › Passkeys.' : ''}`
            : 'You can manage how you sign in from Settings › Passkeys.'}
      </p>
      <Link to={landingFor(org, user.role)} className="button button--primary button--block">
        Continue
      </Link>
    </section>
  );
}
