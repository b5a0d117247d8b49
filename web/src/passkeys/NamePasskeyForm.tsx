import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi, type Passkey } from '../shared/api';
import { AuthenticatorIcon } from './AuthenticatorIcon';
import { BusyButton } from '../shared/BusyButton';
import { reportError, type Report } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { PasskeyNameField } from './PasskeyNameField';

/**
 * "Name this passkey" right after creating one: prefilled with the server's default (the authenticator's
 * name, or the device such as "Chrome on Linux"); keeping it saves nothing, a new name goes through rename.
 */
export function NamePasskeyForm({
  org,
  passkey,
  report,
  describeError,
  onNamed,
}: {
  org: string;
  passkey: Passkey;
  report: Report;
  describeError: (err: unknown) => string | null;
  onNamed: (passkey: Passkey) => void;
}) {
  const { t } = useTranslation('passkeys');
  const id = useId();
  const [name, setName] = useState(passkey.name);
  const { run, busy } = useAction();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    // Named, with its name kept or changed: "Passkey added" belonged to this step, not to the next.
    if (trimmed === passkey.name) {
      report(null);
      onNamed(passkey);
      return;
    }
    // Busy until the page moves on: the named passkey ends this step.
    await run(
      async () => {
        report(null);
        const { passkey: renamed } = await orgApi(org).patch(
          '/me/passkeys/:id',
          { name: trimmed },
          { params: { id: passkey.id } },
        );
        onNamed(renamed);
      },
      { onError: reportError(report, 'add-passkey', describeError), keepBusy: true },
    );
  }

  return (
    <form onSubmit={onSubmit} className="stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        <AuthenticatorIcon icon={passkey.authenticatorIcon} />
        {t('nameHeading')}
      </h2>
      <PasskeyNameField id={`${id}-name`} hint={t('nameHint')} value={name} onValue={setName} />
      <BusyButton type="submit" className="button button--primary button--block" busy={busy}>
        {t('saveNameButton')}
      </BusyButton>
    </form>
  );
}
