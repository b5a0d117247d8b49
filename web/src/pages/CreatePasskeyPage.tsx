import { useEffect, useState } from 'react';
import { errorMessage, isApiError, orgApi, type MeResponse } from '../api';
import { AddPasskey } from '../components/AddPasskey';
import { CardPage } from '../components/Layout';
import { Alert, Loading, MessageView, type Message } from '../components/Messages';
import { useMe, useOrgInfo, useSignOut, useTitle } from '../hooks';
import { onBackgroundPasskey, passkeyCreated, promptKindOf, type PromptKind } from '../passkeyPrompt';
import { cancelAutoRegister, supportsPasskeys } from '../passkeys';
import { Redirect, promptNext, useRouter } from '../router';

/**
 * `/o/:org/create-passkey?next=…`: "Create a passkey" after sign-in. Optional: "Continue" or
 * "Do this later". Mandatory (Force Passkey Setup): "Continue", or "Sign out".
 * `&device=1`: just signed in from another device; a passkey for this device is offered even when
 * the account has passkeys elsewhere (each device needs its own).
 */
export function CreatePasskeyPage({ org }: { org: string }) {
  const { info } = useOrgInfo(org);
  useTitle(info ? `Create a passkey · ${info.name}` : 'Create a passkey');
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
      <h1>Create a passkey</h1>
      <Alert message={error} />
      {!me ? (
        !error && <Loading />
      ) : (
        <Prompt org={org} me={me} kind={deviceKind(me, device)} device={device} next={next} onChanged={reload} />
      )}
    </CardPage>
  );
}

/** What to ask: as after any sign-in, or, on a device just signed in from another one, a passkey for it whenever passkeys are offered. */
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
  const { signOut, error: signOutError, busy: signingOut } = useSignOut(org);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  // Nothing to ask (a passkey exists, or the policy changed): go on.
  if (!kind) return <Redirect to={next} />;

  async function later() {
    setBusy(true);
    setMessage(null);
    // "Do this later" means not now: the browser should not create one by itself either.
    cancelAutoRegister();
    // Offered only for this device (the account has passkeys elsewhere): nothing to snooze.
    if (me.policy.prompt === 'none') {
      navigate(next, { replace: true });
      return;
    }
    try {
      await orgApi(org).post<{ snoozedUntil: number }>('/me/passkey-prompt/snooze');
      navigate(next, { replace: true });
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err), source: 'later' });
      // Force Passkey Setup was switched on meanwhile: "Do this later" goes away.
      if (isApiError(err, 'PASSKEY_SETUP_REQUIRED')) await onChanged();
      setBusy(false);
    }
  }

  const mandatory = kind === 'mandatory';
  return (
    <div className="stack">
      {mandatory && <p className="hint">Your organisation requires a passkey.</p>}
      {device ? (
        <>
          <p>You're signed in. Create a passkey for this device so next time you can sign in with it directly.</p>
          <p className="muted">
            Each device needs its own passkey. Use Face ID, fingerprint, Windows Hello or your PIN, as you do to unlock
            this device.
          </p>
        </>
      ) : (
        <p>
          Sign in faster and more securely with a passkey: use Face ID, fingerprint, Windows Hello or your PIN, as you
          do to unlock your device.
        </p>
      )}
      <p className="muted">
        Your fingerprint, face scan and PIN stay on your device: only a public key is stored here.
      </p>
      {!supportsPasskeys() && (
        <p className="hint">This browser cannot create passkeys. Try a different browser or device.</p>
      )}
      <MessageView message={message} source="later" />
      <AddPasskey
        org={org}
        user={me.user}
        passkeysEnabled={me.policy.passkeysOffered}
        label="Continue"
        block
        message={message}
        report={setMessage}
        describeError={errorMessage}
        onAdded={() => navigate(next, { replace: true, flash: passkeyCreated() })}
      />
      {!mandatory && (
        <button type="button" className="button button--block" onClick={later} disabled={busy}>
          Do this later
        </button>
      )}
      <Alert message={signOutError} />
      <p className="center">
        <button type="button" className="button button--link" onClick={() => void signOut()} disabled={signingOut}>
          Sign out
        </button>
      </p>
    </div>
  );
}
