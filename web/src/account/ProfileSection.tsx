import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi, type User } from '../shared/api';
import { signalUserDetails } from '../passkeys/passkeys';
import { BusyButton } from '../shared/BusyButton';
import { MessageView, reportError, type Reporting } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { TextField } from '../shared/Fields';

const SOURCE = 'profile';

/** What each section of the member's settings gets: who they are, the way to update it, the page's messages. */
export type AccountSectionProps = Reporting & {
  org: string;
  user: User;
  onUser: (user: User) => void;
};

/** "Profile": the display name, also shown by passkey providers when you pick a passkey. */
export function ProfileSection({ org, user, message, report, describeError, onUser }: AccountSectionProps) {
  const { t } = useTranslation('account');
  const [displayName, setDisplayName] = useState(user.displayName);
  const { submit, busy } = useAction();

  const onSubmit = submit(
    async () => {
      report(null);
      const result = await orgApi(org).patch('/me', {
        displayName: displayName.trim(),
      });
      // Passkey providers show this name in their account pickers: keep it current.
      await signalUserDetails(result.signal);
      onUser(result.user);
      setDisplayName(result.user.displayName);
      report({ kind: 'status', text: t('displayNameSaved'), source: SOURCE });
    },
    { onError: reportError(report, SOURCE, describeError) },
  );

  return (
    <section className="section">
      <h2>{t('profileHeading')}</h2>
      <MessageView message={message} source={SOURCE} />
      <form onSubmit={onSubmit} className="stack">
        <TextField
          id="display-name"
          label={t('displayNameLabel')}
          autoComplete="name"
          required
          maxLength={100}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <div className="actions">
          {/* Named apart from a passkey's "Save" (rename), which can be on screen at the same time. */}
          <BusyButton type="submit" className="button" aria-label={t('saveProfileLabel')} busy={busy}>
            {t('saveButton')}
          </BusyButton>
        </div>
      </form>
    </section>
  );
}
