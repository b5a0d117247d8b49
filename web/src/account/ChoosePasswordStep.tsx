import { useTranslation } from 'react-i18next';
import type { User } from '../shared/api';
import { MessageView, type Reporting } from '../shared/Messages';
import { NewPasswordForm } from './NewPasswordForm';

/**
 * "Choose a password" after enrollment (setup or enrollment-email link, enrollment code, a device link):
 * required when it is the only way in, otherwise a skippable backup for a passkey.
 */
export function ChoosePasswordStep({
  org,
  user,
  passkeysEnabled,
  required,
  message,
  report,
  describeError,
  onDone,
}: Reporting & {
  org: string;
  user: User;
  passkeysEnabled: boolean;
  /** No passkey: without a password there would be no way to sign in. */
  required: boolean;
  /** Saved (with the updated user) or skipped (with the user unchanged). */
  onDone: (user: User) => void;
}) {
  const { t } = useTranslation('setup');
  return (
    <section className="stack">
      <h2>{t('choosePasswordHeading')}</h2>
      <p className="muted">{required ? t('passwordSignsYouIn') : t('passwordIsBackup')}</p>
      <MessageView message={message} source={message?.source ?? ''} />
      <NewPasswordForm
        org={org}
        user={user}
        passkeysEnabled={passkeysEnabled}
        source="password"
        report={report}
        describeError={describeError}
        onSaved={onDone}
        extraActions={
          required ? undefined : (
            <button
              type="button"
              className="button"
              onClick={() => {
                report(null);
                onDone(user);
              }}
            >
              {t('skipButton')}
            </button>
          )
        }
      />
    </section>
  );
}
