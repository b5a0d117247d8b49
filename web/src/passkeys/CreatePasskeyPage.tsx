import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, isRouteError, orgApi, type MeResponse } from '../shared/api';
import { AddPasskey } from './AddPasskey';
import { BusyButton } from '../shared/BusyButton';
import { ChoosePasswordStep } from '../account/ChoosePasswordStep';
import { CardPage } from '../shared/Layout';
import { Alert, Loading, MessageView, type Message, type Reporting } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { useMe, useOrgInfo, useSignOut, useTitle } from '../shared/hooks';
import { onBackgroundPasskey, passkeyCreated, promptKindOf, type PromptKind } from './passkeyPrompt';
import { cancelAutoRegister, supportsPasskeys } from './passkeys';
import { Redirect, promptNext, useRouter } from '../shared/router';

/**
 * `/o/:org/create-passkey?next=…`: "Create a passkey" after sign-in. Optional: "Continue" or
 * "Do this later". Mandatory (Force Passkey Setup): "Continue", or "Sign out".
 * `&device=1`: just signed in from another device; a passkey for this device is offered even when
 * the account has passkeys elsewhere (each device needs its own); once it is created and named, a password
 * is offered as a backup where the organisation allows one and the member has none.
 */
export function CreatePasskeyPage({ org }: { org: string }) {
  const { info } = useOrgInfo(org);
  const { t } = useTranslation('passkeys');
  useTitle(info ? t('promptTitleAt', { org: info.name }) : t('promptTitle'));
  const { location, navigate } = useRouter();
  const query = new URLSearchParams(location.search);
  const next = promptNext(org, query.get('next'));
  const device = query.get('device') === '1';
  const { me, error, reload } = useMe(org, { prompt: false });

  // A passkey the browser created by itself after a password sign-in, once the person was already here.
  useEffect(
    () =>
      onBackgroundPasskey((created) => {
        if (created === org) navigate(next, { replace: true, flash: passkeyCreated() });
      }),
    [org, next, navigate],
  );

  return (
    <CardPage>
      <h1>{t('promptTitle')}</h1>
      <Alert message={error} />
      {!me ? (
        !error && <Loading />
      ) : (
        <Prompt org={org} me={me} kind={deviceKind(me, device)} device={device} next={next} onChanged={reload} />
      )}
    </CardPage>
  );
}

/**
 * What to ask: as after any sign-in, or, on a device just signed in from another one, a passkey for it whenever
 * passkeys are offered.
 */
function deviceKind(me: MeResponse, device: boolean): PromptKind | null {
  const kind = promptKindOf(me);
  if (kind || !device) return kind;
  return me.policy.passkeysOffered ? 'optional' : null;
}

function Prompt({
  org,
  me,
  kind,
  device,
  next,
  onChanged,
}: {
  org: string;
  me: MeResponse;
  kind: PromptKind | null;
  /** Just signed in from another device. */
  device: boolean;
  next: string;
  onChanged: () => Promise<unknown>;
}) {
  const { navigate } = useRouter();
  const { t } = useTranslation('passkeys');
  const { signOut, error: signOutError, busy: signingOut } = useSignOut(org);
  const [message, setMessage] = useState<Message | null>(null);
  const reporting: Reporting = { message, report: setMessage, describeError: errorMessage };
  const { run, busy } = useAction();
  const [step, setStep] = useState<'passkey' | 'naming' | 'password'>('passkey');
  // "Do this later" with no way to sign in (no passkey, no password: an enrollment code, a recovery that removed the
  // password): a password first, or the member would leave with nothing to come back with.
  const [passwordRequired, setPasswordRequired] = useState(false);
  const [alreadyHere, setAlreadyHere] = useState(false);
  const done = () => navigate(next, { replace: true, flash: passkeyCreated() });

  if (step === 'password') {
    return (
      <ChoosePasswordStep
        org={org}
        user={me.user}
        passkeysEnabled={me.policy.passkeysOffered}
        required={passwordRequired}
        {...reporting}
        onDone={passwordRequired ? () => navigate(next, { replace: true }) : done}
      />
    );
  }
  // Nothing to ask (a passkey exists, or the policy changed): go on.
  if (!kind) return <Redirect to={next} />;

  async function later() {
    // Busy until the page has moved on.
    await run(
      async () => {
        setMessage(null);
        // "Do this later" means not now: the browser should not create one by itself either.
        cancelAutoRegister();
        // Offered only for this device (the account has passkeys elsewhere): nothing to snooze.
        if (me.policy.prompt !== 'none') await orgApi(org).post('/me/passkey-prompt/snooze');
        if (me.waysIn.count > 0) return navigate(next, { replace: true });
        setPasswordRequired(true);
        setStep('password');
      },
      {
        keepBusy: true,
        onError: async (err) => {
          setMessage({ kind: 'error', text: errorMessage(err), source: 'later' });
          // Force Passkey Setup was switched on meanwhile: "Do this later" goes away.
          if (isRouteError(err, 'POST /api/o/:org/me/passkey-prompt/snooze', 'PASSKEY_SETUP_REQUIRED'))
            await onChanged();
        },
      },
    );
  }

  // The device already holds one of the member's passkeys (say, signed in here from another device anyway): go on.
  if (alreadyHere)
    return (
      <div className="stack">
        <MessageView message={message} source="add-passkey" />
        <button
          type="button"
          className="button button--primary button--block"
          onClick={() => navigate(next, { replace: true })}
        >
          {t('promptContinueButton')}
        </button>
      </div>
    );
  const mandatory = kind === 'mandatory';
  const naming = step === 'naming';
  return (
    <div className="stack">
      {!naming && <PromptText mandatory={mandatory} device={device} />}
      <MessageView message={message} source="later" />
      <AddPasskey
        org={org}
        user={me.user}
        passkeysEnabled={me.policy.passkeysOffered}
        passwordAllowed={me.policy.passwordSignInAllowed}
        label={t('promptContinueButton')}
        block
        {...reporting}
        onCreated={() => setStep('naming')}
        // On a device just signed in from another one, this passkey enrolled it: a password is offered as a backup.
        onAdded={() => (device && me.waysIn.canAddPassword ? setStep('password') : done())}
        onAlreadyHere={() => setAlreadyHere(true)}
      />
      {!mandatory && !naming && (
        <BusyButton type="button" className="button button--block" onClick={later} busy={busy}>
          {t('promptLaterButton')}
        </BusyButton>
      )}
      <Alert message={signOutError} />
      <p className="center">
        <BusyButton type="button" className="button button--link" onClick={() => void signOut()} busy={signingOut}>
          {t('signOutButton')}
        </BusyButton>
      </p>
    </div>
  );
}

/** Why create a passkey, as after any sign-in or for a device just signed in from another one. */
function PromptText({ mandatory, device }: { mandatory: boolean; device: boolean }) {
  const { t } = useTranslation('passkeys');
  return (
    <>
      {mandatory && <p className="hint">{t('promptRequired')}</p>}
      {device ? (
        <>
          <p>{t('promptThisDevice')}</p>
          <p className="muted">{t('promptEachDevice')}</p>
        </>
      ) : (
        <p>{t('promptIntro')}</p>
      )}
      <p className="muted">{t('promptPrivacy')}</p>
      {!supportsPasskeys() && <p className="hint">{t('promptBrowserCannot')}</p>}
    </>
  );
}
