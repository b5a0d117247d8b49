import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  errorMessage,
  isRouteError,
  orgApi,
  type AuthenticationResponseJSON,
  type DeviceLink,
  type IdentifyResult,
  type OrgInfo,
  type RequestOptions,
  type SignInResult,
} from '../shared/api';
import { Alert } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { afterSignIn } from '../passkeys/passkeyPrompt';
import {
  authenticate,
  autofillAvailable,
  autofillSignIn,
  cancelAutofill,
  promptCancelledMessage,
  signalAfterSignIn,
  signalUnknownCredential,
  supportsPasskeys,
} from '../passkeys/passkeys';
import { Link, paths, safeNext, useRouter } from '../shared/router';
import { SignInFromAnotherDevice } from '../device-link/SignInFromAnotherDevice';
import { Identity, IdentifierStep, PasskeyStep, PasswordStep } from './SignInSteps';

type Step = 'identifier' | 'passkey' | 'password' | 'device';

/** The browser's passkey prompt ended without an answer: closed, timed out, or no passkey on this device. */
class PromptCancelled extends Error {}

/** The steps of signing in: identifier, passkey, password, another device. */
export function SignInFlow({ org, info, loginHint = null }: { org: string; info: OrgInfo; loginHint?: string | null }) {
  const api = orgApi(org);
  const { navigate, location } = useRouter();
  const query = new URLSearchParams(location.search);
  const interaction = query.get('interaction');
  // After signing in for an app, back to the app (through any "Create a passkey" prompt first).
  const next = query.get('next') ?? (interaction ? paths.appContinue(org, interaction) : null);
  const passkeysUsable = info.passkeysEnabled && supportsPasskeys();
  const { t } = useTranslation('sign-in');

  const [step, setStep] = useState<Step>('identifier');
  // An app may say who it expects (login_hint): filled in, the member may still change it.
  const [identifier, setIdentifier] = useState(loginHint ?? '');
  const [password, setPassword] = useState('');
  const [methods, setMethods] = useState<IdentifyResult>({ passkey: false, password: true });
  // Signing in stays busy once it worked: the page moves on.
  const { run, busy, error, setError } = useAction();
  const [passkeyFailed, setPasskeyFailed] = useState(false);
  // "Sign in from another device": the request, and the step to go back to.
  const [deviceLink, setDeviceLink] = useState<DeviceLink | null>(null);
  const [stepBeforeDevice, setStepBeforeDevice] = useState<'passkey' | 'password'>('passkey');
  // Bumped to start a fresh autofill request after a modal prompt (which cancels it) ends on step 1.
  const [autofillRound, setAutofillRound] = useState(0);

  /** After signing in: on to `next`, or first to "Create a passkey" when the organisation asks for one. */
  async function finishSignIn(result: SignInResult, method: 'password' | 'passkey') {
    if (result.signal) await signalAfterSignIn(result.signal);
    const { to, flash } = await afterSignIn(org, safeNext(org, next), method);
    navigate(to, { replace: true, flash });
  }

  /**
   * Sends the passkey's answer to the server; a passkey the server does not know is removed from the device where the
   * browser can.
   */
  async function verifyPasskey(response: AuthenticationResponseJSON) {
    let result: SignInResult;
    try {
      result = await api.post('/sign-in/passkey/verify', { response });
    } catch (err) {
      // Only PASSKEY_UNKNOWN: PASSKEY_OTHER_ORGANISATION is a passkey that still works in another organisation.
      if (isRouteError(err, 'POST /api/o/:org/sign-in/passkey/verify', 'PASSKEY_UNKNOWN'))
        await signalUnknownCredential(info.rpId, response.id);
      throw err;
    }
    await finishSignIn(result, 'passkey');
  }

  // Passkeys in the username field's autofill (conditional mediation), while step 1 is shown.
  useEffect(() => {
    if (step !== 'identifier' || !info.passkeysEnabled) return;
    let active = true;
    void (async () => {
      if (!(await autofillAvailable()) || !active) return;
      let options: RequestOptions;
      try {
        ({ options } = await api.post('/sign-in/passkey/options', {}));
      } catch {
        return; // Autofill is a convenience: without it, the page works as before.
      }
      if (!active) return;
      // Null when cancelled (another prompt started, or the field went away) or failed: nothing to say.
      const response = await autofillSignIn(options);
      if (!response) return;
      // The person picked one of their passkeys: signed in, even if Continue was pressed meanwhile.
      await run(() => verifyPasskey(response), { keepBusy: true, evenIfRunning: true });
    })();
    return () => {
      active = false;
      cancelAutofill();
    };
    // `api` and `verifyPasskey` are remade every render; the request itself depends only on these.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [step, autofillRound, info.passkeysEnabled, org]);

  async function onContinue() {
    const id = identifier.trim();
    if (!id) return;
    await run(async () => {
      const found = await api.post('/sign-in/identify', { identifier: id });
      setIdentifier(id);
      setMethods(found);
      setPasskeyFailed(false);
      // Without WebAuthn in this browser, go straight to the password when there is one.
      setStep(found.passkey && (passkeysUsable || !found.password) ? 'passkey' : 'password');
    });
  }

  /** The modal passkey prompt: for the account typed in (step 2), or any passkey for this site (step 1). */
  async function signInWithPasskey(forIdentifier: boolean) {
    await run(
      async () => {
        const { options } = await api.post('/sign-in/passkey/options', forIdentifier ? { identifier } : {});
        let response: AuthenticationResponseJSON;
        try {
          response = await authenticate(options);
        } catch {
          throw new PromptCancelled();
        }
        await verifyPasskey(response);
      },
      {
        keepBusy: true,
        onError: (err) => {
          // Closed, timed out, device locked, or no passkey here: never a dead end.
          setPasskeyFailed(true);
          setError(
            err instanceof PromptCancelled
              ? promptCancelledMessage(!forIdentifier ? 'username' : methods.password ? 'password' : 'none')
              : errorMessage(err),
          );
          if (!forIdentifier) setAutofillRound((n) => n + 1);
        },
      },
    );
  }

  async function signInWithPassword() {
    await run(
      async () => {
        const result = await api.post('/sign-in/password', { identifier, password });
        await finishSignIn(result, 'password');
      },
      { keepBusy: true },
    );
  }

  /** "Sign in from another device": a code to enter on a device where the person is signed in. */
  async function signInFromAnotherDevice(from: 'passkey' | 'password') {
    await run(async () => {
      const link = await api.post('/device-link', { identifier });
      setDeviceLink(link);
      setStepBeforeDevice(from);
      setStep('device');
    });
  }

  /** Signed in by the other device: offered a passkey for this one straight away. */
  function signedInFromAnotherDevice() {
    navigate(paths.createPasskey(org, safeNext(org, next), { device: true }), { replace: true });
  }

  function leaveDeviceStep() {
    setDeviceLink(null);
    setError(null);
    setStep(stepBeforeDevice);
  }

  function switchAccount() {
    setStep('identifier');
    setIdentifier('');
    setPassword('');
    setError(null);
    setPasskeyFailed(false);
    setDeviceLink(null);
  }

  function choosePassword() {
    setError(null);
    setStep('password');
  }

  function choosePasskey() {
    setError(null);
    setPasskeyFailed(false);
    setStep('passkey');
  }

  return (
    <>
      {step !== 'identifier' && <Identity identifier={identifier} onChange={switchAccount} />}
      <Alert message={error} />
      {step === 'identifier' && (
        <IdentifierStep
          identifier={identifier}
          onIdentifierChange={setIdentifier}
          onContinue={onContinue}
          onPasskey={() => signInWithPasskey(false)}
          showPasskeyButton={passkeysUsable}
          busy={busy}
        />
      )}
      {(step === 'identifier' || step === 'password') && (
        // A member whose admin gave them a 9-character code sets up their first way in there (a passkey, or a
        // password where passkeys are not offered to them), also from the password step a Pending member reaches.
        <>
          {/* Where a member who cannot sign in goes: nothing is sent by email without the administrator. */}
          {step === 'password' && <p className="hint">{t('cannotSignInHint')}</p>}
          <p className="alt-actions">
            <Link to={paths.enroll(org)}>{t('haveEnrollmentCode')}</Link>
          </p>
        </>
      )}
      {step === 'passkey' && (
        <PasskeyStep
          failed={passkeyFailed}
          passwordOffered={methods.password}
          sameForEveryone={methods.sameForEveryone === true}
          onPasskey={() => signInWithPasskey(true)}
          onUsePassword={choosePassword}
          onAnotherDevice={() => void signInFromAnotherDevice('passkey')}
          busy={busy}
        />
      )}
      {step === 'password' && (
        <PasswordStep
          identifier={identifier}
          password={password}
          onPasswordChange={setPassword}
          onSubmit={signInWithPassword}
          onUsePasskey={methods.passkey && passkeysUsable ? choosePasskey : undefined}
          onAnotherDevice={() => void signInFromAnotherDevice('password')}
          busy={busy}
        />
      )}
      {step === 'device' && deviceLink && (
        <SignInFromAnotherDevice
          org={org}
          identifier={identifier}
          link={deviceLink}
          onSignedIn={signedInFromAnotherDevice}
          onCancel={leaveDeviceStep}
        />
      )}
    </>
  );
}
