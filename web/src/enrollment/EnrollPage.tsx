import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, orgApi, type SetupResult, type User } from '../shared/api';
import { BusyButton } from '../shared/BusyButton';
import { focusOnMount, useFocusOnAppear } from '../shared/focus';
import { MessageView, type Message, type Reporting } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { passkeyCreated } from '../passkeys/passkeyPrompt';
import { CreatePasskeyStep, SetupCard, SetupPasswordStep } from './SetupSteps';
import { Link, paths, useRouter } from '../shared/router';
import { AS_TYPED, CodeField, TextField } from '../shared/Fields';
import { stepLeft, useResumedSetup } from './useResumedSetup';

/**
 * A code as typed (any case, with or without dashes or spaces), as the admin saw it: `ABC-DEF-GHJ`; null when
 * it cannot be one. Codes never contain 0, 1, I, L or O, so a typo there is caught here, not as a wrong entry.
 */
function normaliseEnrollmentCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[A-HJKMNP-Z2-9]{9}$/.test(code)) return null;
  return `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`;
}

/**
 * `/o/:org/enroll`: a member enrolls a passkey with the 9-character code their admin gave them. The code
 * and username sign them in (as a setup link does); then they create the passkey on this device, name it,
 * and, where the organisation allows one, may choose a password as a backup.
 */
export function EnrollPage({ org }: { org: string }) {
  const { t } = useTranslation('setup');
  // A code for someone passkeys are not offered to yet sets up their password: the page is then named as a setup
  // link's is.
  const [passwordOnly, setPasswordOnly] = useState(false);
  return (
    <SetupCard org={org} title={passwordOnly ? t('title') : t('enrollTitle')}>
      {() => <EnrollFlow org={org} onPasswordOnly={() => setPasswordOnly(true)} />}
    </SetupCard>
  );
}

function EnrollFlow({ org, onPasswordOnly }: { org: string; onPasswordOnly: () => void }) {
  const { navigate } = useRouter();
  const { t } = useTranslation('setup');
  const [code, setCode] = useState('');
  const [username, setUsername] = useState('');
  const [setup, setSetup] = useState<SetupResult | null>(null);
  const [user, setUser] = useState<User | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const reporting: Reporting = { message, report: setMessage, describeError: errorMessage };
  const { run, busy } = useAction();
  const [step, setStep] = useState<'passkey' | 'naming' | 'password'>('passkey');
  const finish = () => navigate(paths.home(org), { replace: true, flash: passkeyCreated() });
  // Once the code is accepted, the next step starts at its heading.
  const stepHeading = useFocusOnAppear<HTMLHeadingElement>(setup);
  // Reloaded once the code signed the member in (it works once): on from the account as it is, not back to the code.
  const { resuming, resumed } = useResumedSetup(org, 'enrollment-code');
  const resumedStep = resumed && stepLeft(resumed);
  useEffect(() => {
    if (!resumed || !resumedStep) return;
    setSetup(resumed);
    setUser(resumed.user);
    if (!resumed.passkeysOffered) onPasswordOnly();
    setStep(resumedStep);
    // Once, when known: `onPasswordOnly` is remade every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resumed, resumedStep]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const normalised = normaliseEnrollmentCode(code);
    if (!normalised) {
      setMessage({
        kind: 'error',
        text: t('enrollmentCodeMalformed'),
        source: 'enroll',
      });
      return;
    }
    await run(
      async () => {
        setMessage(null);
        const result = await orgApi(org).post('/enroll', { username: username.trim(), code: normalised });
        // The code works once: nothing to keep in the field.
        setCode('');
        setSetup(result);
        if (!result.passkeysOffered) onPasswordOnly();
        setUser(result.user);
      },
      { onError: (err) => setMessage({ kind: 'error', text: errorMessage(err), source: 'enroll' }) },
    );
  }

  // Until known, or until the resumed setup has taken its step.
  if (resuming || (resumedStep && !setup)) return null;
  if (!setup || !user) {
    return (
      <form onSubmit={onSubmit} className="stack">
        <p>{t('enrollIntro')}</p>
        <MessageView message={message} source="enroll" />
        <CodeField
          id="enrollment-code"
          label={t('enrollmentCodeLabel')}
          hint={t('enrollmentCodeHelp')}
          name="one-time-code"
          autoComplete="one-time-code"
          inputRef={focusOnMount}
          maxLength={15}
          value={code}
          onValue={setCode}
        />
        <TextField
          id="enroll-username"
          label={t('identifierLabel')}
          name="username"
          autoComplete="username"
          {...AS_TYPED}
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <BusyButton type="submit" className="button button--primary button--block" busy={busy}>
          {t('continueButton')}
        </BusyButton>
        <p className="center">
          <Link to={paths.signIn(org)}>{t('backToSignIn')}</Link>
        </p>
      </form>
    );
  }

  const flow = { org, setup, user, reporting };
  // Passkeys not offered to them yet (the rollout has not reached them): the code sets up their password.
  if (!setup.passkeysOffered)
    return <SetupPasswordStep flow={flow} required onDone={() => navigate(paths.home(org), { replace: true })} />;
  if (step === 'password') return <SetupPasswordStep flow={flow} required={false} onDone={finish} />;
  return (
    <CreatePasskeyStep
      flow={flow}
      naming={step === 'naming'}
      headingRef={stepHeading}
      cannotCreate={t('browserCannotCreatePasskeysForCode')}
      block
      onCreated={() => setStep('naming')}
      // A password is offered as a backup where the organisation lets passkey holders use one.
      onAdded={() => (setup.passwordAllowed && !user.hasPassword ? setStep('password') : finish())}
    />
  );
}
