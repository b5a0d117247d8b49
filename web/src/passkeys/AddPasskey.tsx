import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReturnFocus } from '../shared/focus';
import {
  isRouteError,
  orgApi,
  type CreationOptions,
  type Passkey,
  type RegistrationResponseJSON,
  type User,
} from '../shared/api';
import { deviceHasPasskey, register, registrationErrorMessage } from './passkeys';
import { BusyButton } from '../shared/BusyButton';
import { MessageView, type Reporting } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { NamePasskeyForm } from './NamePasskeyForm';
import { useReverify } from '../sign-in/useReverify';

/**
 * The "Add passkey" button and its flow: options (after "Confirm it's you" when the server asks for it),
 * the device's create-a-passkey prompt, saving the new passkey, then "Name this passkey".
 */
export function AddPasskey({
  org,
  user,
  passkeysEnabled,
  passwordAllowed = true,
  label,
  block = false,
  onCreated,
  onAdded,
  onAlreadyHere,
  message,
  report,
  describeError,
}: Reporting & {
  org: string;
  user: User;
  passkeysEnabled: boolean;
  /** Whether their password may confirm it's them (not where the organisation signs passkey holders in by passkey). */
  passwordAllowed?: boolean;
  label?: string;
  /** Full width, as the main button of a card. */
  block?: boolean;
  /** The passkey exists (the name is asked next): the page can hide what no longer applies. */
  onCreated?: (passkey: Passkey) => void;
  /** Created and named. */
  onAdded: (passkey: Passkey) => void;
  /** The device already holds one of the member's passkeys: said as news, not an error, and the page goes on. */
  onAlreadyHere?: () => void;
}) {
  const api = orgApi(org);
  const { t } = useTranslation('account');
  // When "Confirm it's you" closes, focus goes back to the button that opened it.
  const reverify = useReverify(org, { user, passkeysEnabled, passwordAllowed }, t('purposeAddPasskey'), () =>
    returnOnClose(),
  );
  const { opener: button, returnOnClose } = useReturnFocus(reverify.open);
  const { run, busy } = useAction();
  const [created, setCreated] = useState<Passkey | null>(null);
  const fail = (text: string | null) => report(text ? { kind: 'error', text, source: 'add-passkey' } : null);

  async function addPasskey() {
    await run(
      async () => {
        report(null);
        let options: CreationOptions;
        try {
          ({ options } = await api.post('/me/passkeys/options'));
        } catch (err) {
          if (isRouteError(err, 'POST /api/o/:org/me/passkeys/options', 'REVERIFY_REQUIRED')) {
            reverify.confirmThen(() => void addPasskey());
            return;
          }
          throw err;
        }
        let response: RegistrationResponseJSON;
        try {
          response = await register(options);
        } catch (err) {
          // Already on this device: nothing to add, and nothing went wrong.
          if (deviceHasPasskey(err) && onAlreadyHere) {
            report({ kind: 'status', text: registrationErrorMessage(err), source: 'add-passkey' });
            onAlreadyHere();
            return;
          }
          fail(registrationErrorMessage(err));
          return;
        }
        const { passkey } = await api.post('/me/passkeys', { response });
        report({ kind: 'status', text: t('passkeyAdded'), source: 'add-passkey' });
        setCreated(passkey);
        onCreated?.(passkey);
      },
      { onError: (err) => fail(describeError(err)) },
    );
  }

  if (created) {
    return (
      <div className="add-passkey">
        <MessageView message={message} source="add-passkey" />
        <NamePasskeyForm
          org={org}
          passkey={created}
          report={report}
          describeError={describeError}
          onNamed={(named) => {
            setCreated(null);
            onAdded(named);
          }}
        />
      </div>
    );
  }

  return (
    <div className="add-passkey">
      {reverify.open ? (
        reverify.panel
      ) : (
        <p>
          <BusyButton
            buttonRef={button}
            type="button"
            className={block ? 'button button--primary button--block' : 'button button--primary'}
            onClick={addPasskey}
            busy={busy}
          >
            {label ?? t('addPasskeyButton')}
          </BusyButton>
        </p>
      )}
      <MessageView message={message} source="add-passkey" />
    </div>
  );
}
